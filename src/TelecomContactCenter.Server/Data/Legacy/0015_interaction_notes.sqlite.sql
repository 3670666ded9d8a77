-- The agent's wrap-up notes, kept with the call's record.
ALTER TABLE "interactions" ADD COLUMN "Notes" TEXT NULL;
