-- A call used to leave two interaction rows: the ACD's (queue, agent, wrap-up) and telephony's (identity chain,
-- access number, decision, in interaction_calls). They become one, found by Call-ID: telephony's SIP facts move
-- to the ACD's row, which keeps the earlier start (the INVITE), and telephony's own row goes. Telephony rows with
-- no ACD twin (redirects, refusals, calls that never queued) just take their Call-ID.
CREATE TEMP TABLE "merge_pairs" AS
SELECT c."InteractionId" AS "Old", a."Id" AS "New", t."StartedAt" AS "StartedAt"
FROM "interaction_calls" c
JOIN "interactions" t ON t."Id" = c."InteractionId" AND t."CallId" IS NULL
JOIN "interactions" a ON a."CallId" = c."CallId";

UPDATE "interactions"
SET "StartedAt" = MIN("StartedAt", (SELECT MIN(m."StartedAt") FROM "merge_pairs" m WHERE m."New" = "interactions"."Id"))
WHERE "Id" IN (SELECT "New" FROM "merge_pairs");

UPDATE "interaction_calls"
SET "InteractionId" = (SELECT m."New" FROM "merge_pairs" m WHERE m."Old" = "interaction_calls"."InteractionId")
WHERE "InteractionId" IN (SELECT "Old" FROM "merge_pairs")
  AND NOT EXISTS (SELECT 1 FROM "interaction_calls" x JOIN "merge_pairs" m ON m."New" = x."InteractionId"
                  WHERE m."Old" = "interaction_calls"."InteractionId");

DELETE FROM "interactions" WHERE "Id" IN (SELECT "Old" FROM "merge_pairs");

UPDATE "interactions"
SET "CallId" = (SELECT c."CallId" FROM "interaction_calls" c WHERE c."InteractionId" = "interactions"."Id"),
    "Channel" = 'Voice'
WHERE "CallId" IS NULL
  AND "Id" IN (SELECT "InteractionId" FROM "interaction_calls")
  AND NOT EXISTS (SELECT 1 FROM "interactions" x JOIN "interaction_calls" c ON c."CallId" = x."CallId"
                  WHERE c."InteractionId" = "interactions"."Id");

DROP TABLE "merge_pairs";
