-- Discounts granted within an agent's authority, and those above it waiting for (or decided by) a supervisor.
CREATE TABLE "discount_requests" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_discount_requests" PRIMARY KEY AUTOINCREMENT,
    "CustomerId" INTEGER NOT NULL,
    "CallId" TEXT NULL,
    "OfferId" TEXT NULL,
    "Percent" INTEGER NOT NULL,
    "Months" INTEGER NOT NULL,
    "Reason" TEXT NOT NULL,
    "RequestedBy" TEXT NOT NULL,
    "RequestedAt" INTEGER NOT NULL,
    "AuthorityPercent" INTEGER NOT NULL,
    "Status" TEXT NOT NULL,
    "DecidedBy" TEXT NULL,
    "DecidedAt" INTEGER NULL,
    "DecisionNote" TEXT NULL
);
CREATE INDEX "IX_discount_requests_RequestedBy" ON "discount_requests" ("RequestedBy");
CREATE INDEX "IX_discount_requests_Status" ON "discount_requests" ("Status");
