-- What customers say, coded by agents (contact reason, decline cause, exit reason, key buying factor); the profile
-- evaluation reads them (intent to leave, retention cause, win-back probability).
CREATE TABLE "customer_reasons" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_customer_reasons" PRIMARY KEY AUTOINCREMENT,
    "CustomerId" INTEGER NOT NULL,
    "CallId" TEXT NULL,
    "Kind" TEXT NOT NULL,
    "Code" TEXT NOT NULL,
    "Note" TEXT NULL,
    "CapturedBy" TEXT NOT NULL,
    "CapturedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_customer_reasons_customers_CustomerId" FOREIGN KEY ("CustomerId") REFERENCES "customers" ("Id") ON DELETE CASCADE
);
CREATE INDEX "IX_customer_reasons_CustomerId_CapturedAt" ON "customer_reasons" ("CustomerId", "CapturedAt");
