-- Sensitive actions (complaint reassignment, tier override, discount beyond authority), readable by admins.
CREATE TABLE "audit_log" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_audit_log" PRIMARY KEY AUTOINCREMENT,
    "At" INTEGER NOT NULL,
    "Actor" TEXT NOT NULL,
    "Action" TEXT NOT NULL,
    "Target" TEXT NOT NULL,
    "Detail" TEXT NOT NULL
);
CREATE INDEX "IX_audit_log_At" ON "audit_log" ("At");
