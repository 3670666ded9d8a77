-- SIP calls: the identity chain, access number, mode and routing decision of each call's interaction.
CREATE TABLE "interaction_calls" (
    "InteractionId" INTEGER NOT NULL CONSTRAINT "PK_interaction_calls" PRIMARY KEY,
    "CallId" TEXT NOT NULL,
    "AccessNumber" TEXT NOT NULL,
    "Mode" TEXT NOT NULL,
    "CallerRaw" TEXT NULL,
    "CallerE164" TEXT NULL,
    "IdentityConfidence" TEXT NOT NULL,
    "IdentitySource" TEXT NOT NULL,
    "StatusCode" INTEGER NOT NULL,
    "TargetQueue" TEXT NULL,
    "TargetAgent" TEXT NULL,
    "Tier" TEXT NULL,
    "LifecycleStage" TEXT NULL,
    "Priority" INTEGER NULL,
    "Reason" TEXT NOT NULL,
    "DecisionMicroseconds" INTEGER NULL,
    CONSTRAINT "FK_interaction_calls_interactions_InteractionId" FOREIGN KEY ("InteractionId") REFERENCES "interactions" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_interaction_calls_CallId" ON "interaction_calls" ("CallId");
