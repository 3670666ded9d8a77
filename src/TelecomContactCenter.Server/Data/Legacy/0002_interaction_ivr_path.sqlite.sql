-- Interactions record the IVR path the caller took (JSON array of node ids).
ALTER TABLE "interactions" ADD COLUMN "IvrPath" TEXT NULL;
