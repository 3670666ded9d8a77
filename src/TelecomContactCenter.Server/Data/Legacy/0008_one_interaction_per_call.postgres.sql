-- A call used to leave two interaction rows: the ACD's (queue, agent, wrap-up) and telephony's (identity chain,
-- access number, decision, in interaction_calls). They become one, found by Call-ID: telephony's SIP facts move
-- to the ACD's row, which keeps the earlier start (the INVITE), and telephony's own row goes. Telephony rows with
-- no ACD twin (redirects, refusals, calls that never queued) just take their Call-ID.
CREATE TEMP TABLE merge_pairs AS
SELECT c."InteractionId" AS "Old", a."Id" AS "New", t."StartedAt" AS "StartedAt"
FROM interaction_calls c
JOIN interactions t ON t."Id" = c."InteractionId" AND t."CallId" IS NULL
JOIN interactions a ON a."CallId" = c."CallId";

UPDATE interactions i
SET "StartedAt" = LEAST(i."StartedAt", (SELECT MIN(m."StartedAt") FROM merge_pairs m WHERE m."New" = i."Id"))
WHERE i."Id" IN (SELECT "New" FROM merge_pairs);

UPDATE interaction_calls c
SET "InteractionId" = m."New"
FROM merge_pairs m
WHERE m."Old" = c."InteractionId"
  AND NOT EXISTS (SELECT 1 FROM interaction_calls x WHERE x."InteractionId" = m."New");

DELETE FROM interactions WHERE "Id" IN (SELECT "Old" FROM merge_pairs);

UPDATE interactions i
SET "CallId" = c."CallId", "Channel" = 'Voice'
FROM interaction_calls c
WHERE c."InteractionId" = i."Id"
  AND i."CallId" IS NULL
  AND NOT EXISTS (SELECT 1 FROM interactions x WHERE x."CallId" = c."CallId");

DROP TABLE merge_pairs;
