-- Callbacks are dialled out: a failed attempt is counted so the dialler gives up after Callbacks:MaxAttempts.
-- The new statuses (Dialling, Failed) fit the existing text column.
ALTER TABLE "callbacks" ADD COLUMN "Attempts" INTEGER NOT NULL DEFAULT 0;
