-- A complaint's first contact is the call it was taken on: resolving it on another call does not count as FCR.
ALTER TABLE complaints ADD COLUMN "CreatedOnCallId" character varying(128);
