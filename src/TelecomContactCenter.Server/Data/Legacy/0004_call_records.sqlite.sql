-- One interaction row per call (identity chain, queue and waits, ring and talk times, offers), and the SLA
-- thresholds the monitor has already raised, so a restart neither loses records nor repeats alerts.
ALTER TABLE "interactions" ADD COLUMN "CallId" TEXT NULL;
ALTER TABLE "interactions" ADD COLUMN "CallerE164" TEXT NULL;
ALTER TABLE "interactions" ADD COLUMN "IdentityConfidence" TEXT NULL;
ALTER TABLE "interactions" ADD COLUMN "IvrDigits" TEXT NULL;
ALTER TABLE "interactions" ADD COLUMN "Queue" TEXT NULL;
ALTER TABLE "interactions" ADD COLUMN "Tier" TEXT NULL;
ALTER TABLE "interactions" ADD COLUMN "QueuedAt" INTEGER NULL;
ALTER TABLE "interactions" ADD COLUMN "RingStartedAt" INTEGER NULL;
ALTER TABLE "interactions" ADD COLUMN "AnsweredAt" INTEGER NULL;
ALTER TABLE "interactions" ADD COLUMN "WrapUpCompletedAt" INTEGER NULL;
ALTER TABLE "interactions" ADD COLUMN "ComplaintId" TEXT NULL;
ALTER TABLE "interactions" ADD COLUMN "Offers" TEXT NULL;
ALTER TABLE "interactions" ADD COLUMN "Routing" TEXT NULL;
CREATE UNIQUE INDEX "IX_interactions_CallId" ON "interactions" ("CallId");
CREATE INDEX "IX_interactions_Agent" ON "interactions" ("Agent");

CREATE TABLE "sla_alerts" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_sla_alerts" PRIMARY KEY AUTOINCREMENT,
    "ComplaintId" TEXT NOT NULL,
    "Threshold" INTEGER NOT NULL,
    "RaisedAt" INTEGER NOT NULL,
    "Owner" TEXT NOT NULL,
    "Escalated" INTEGER NOT NULL,
    "Detail" TEXT NOT NULL
);
CREATE UNIQUE INDEX "IX_sla_alerts_ComplaintId_Threshold" ON "sla_alerts" ("ComplaintId", "Threshold");
