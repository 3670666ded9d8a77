-- SIP calls: the identity chain, access number, mode and routing decision of each call's interaction.
CREATE TABLE interaction_calls (
    "InteractionId" bigint NOT NULL,
    "CallId" character varying(128) NOT NULL,
    "AccessNumber" character varying(32) NOT NULL,
    "Mode" character varying(16) NOT NULL,
    "CallerRaw" character varying(64),
    "CallerE164" character varying(20),
    "IdentityConfidence" character varying(24) NOT NULL,
    "IdentitySource" character varying(24) NOT NULL,
    "StatusCode" integer NOT NULL,
    "TargetQueue" character varying(32),
    "TargetAgent" character varying(64),
    "Tier" character varying(16),
    "LifecycleStage" character varying(16),
    "Priority" integer,
    "Reason" character varying(400) NOT NULL,
    "DecisionMicroseconds" integer,
    CONSTRAINT "PK_interaction_calls" PRIMARY KEY ("InteractionId"),
    CONSTRAINT "FK_interaction_calls_interactions_InteractionId" FOREIGN KEY ("InteractionId") REFERENCES interactions ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_interaction_calls_CallId" ON interaction_calls ("CallId");
