-- Callback requests made in the IVR (out of hours): who to call, in which queue, and when it falls due.
CREATE TABLE "callbacks" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_callbacks" PRIMARY KEY AUTOINCREMENT,
    "CallId" TEXT NOT NULL,
    "CallerNumber" TEXT NOT NULL,
    "CustomerId" INTEGER NULL,
    "Tier" TEXT NOT NULL,
    "Priority" INTEGER NOT NULL,
    "Queue" TEXT NOT NULL,
    "Flow" TEXT NOT NULL,
    "RequestedAt" INTEGER NOT NULL,
    "DueAt" INTEGER NOT NULL,
    "Status" TEXT NOT NULL,
    "CompletedAt" INTEGER NULL,
    "CompletedBy" TEXT NULL
);
CREATE INDEX "IX_callbacks_Status_DueAt" ON "callbacks" ("Status", "DueAt");
