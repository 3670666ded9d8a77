CREATE TABLE "AspNetRoles" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetRoles" PRIMARY KEY,
    "Name" TEXT NULL,
    "NormalizedName" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL
);


CREATE TABLE "AspNetUsers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetUsers" PRIMARY KEY,
    "UserName" TEXT NULL,
    "NormalizedUserName" TEXT NULL,
    "Email" TEXT NULL,
    "NormalizedEmail" TEXT NULL,
    "EmailConfirmed" INTEGER NOT NULL,
    "PasswordHash" TEXT NULL,
    "SecurityStamp" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL,
    "PhoneNumber" TEXT NULL,
    "PhoneNumberConfirmed" INTEGER NOT NULL,
    "TwoFactorEnabled" INTEGER NOT NULL,
    "LockoutEnd" INTEGER NULL,
    "LockoutEnabled" INTEGER NOT NULL,
    "AccessFailedCount" INTEGER NOT NULL
);


CREATE TABLE "account_managers" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_account_managers" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "Phone" TEXT NOT NULL,
    "Email" TEXT NOT NULL
);


CREATE TABLE "complaints" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_complaints" PRIMARY KEY,
    "CustomerId" TEXT NOT NULL,
    "Owner" TEXT NOT NULL,
    "Category" TEXT NOT NULL,
    "Severity" TEXT NOT NULL,
    "TierAtCreation" TEXT NOT NULL,
    "GroupTierAtCreation" TEXT NULL,
    "SlaKind" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "Summary" TEXT NULL,
    "State" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "IsFirstContact" INTEGER NOT NULL,
    "ReopenCount" INTEGER NOT NULL,
    "MergedInto" TEXT NULL,
    "ResolutionCode" TEXT NULL,
    "RootCause" TEXT NULL,
    "StateBeforePending" TEXT NULL,
    "PendingSince" INTEGER NULL,
    "EscalatedAt" INTEGER NULL,
    "OlaDueAt" INTEGER NULL,
    "ResolvedAt" INTEGER NULL,
    "ClosedAt" INTEGER NULL,
    "ClosedWithConfirmation" INTEGER NOT NULL
);


CREATE TABLE "group_accounts" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_group_accounts" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "IsStrategic" INTEGER NOT NULL,
    "IsSme" INTEGER NOT NULL,
    "AgreementEndsAt" INTEGER NULL
);


CREATE TABLE "sip_credentials" (
    "UserName" TEXT NOT NULL CONSTRAINT "PK_sip_credentials" PRIMARY KEY,
    "Realm" TEXT NOT NULL,
    "Ha1Md5" TEXT NOT NULL,
    "Ha1Sha256" TEXT NOT NULL
);


CREATE TABLE "AspNetRoleClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetRoleClaims" PRIMARY KEY AUTOINCREMENT,
    "RoleId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetRoleClaims_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE
);


CREATE TABLE "AspNetUserClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetUserClaims" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetUserClaims_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "AspNetUserLogins" (
    "LoginProvider" TEXT NOT NULL,
    "ProviderKey" TEXT NOT NULL,
    "ProviderDisplayName" TEXT NULL,
    "UserId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserLogins" PRIMARY KEY ("LoginProvider", "ProviderKey"),
    CONSTRAINT "FK_AspNetUserLogins_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "AspNetUserRoles" (
    "UserId" TEXT NOT NULL,
    "RoleId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserRoles" PRIMARY KEY ("UserId", "RoleId"),
    CONSTRAINT "FK_AspNetUserRoles_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_AspNetUserRoles_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "AspNetUserTokens" (
    "UserId" TEXT NOT NULL,
    "LoginProvider" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Value" TEXT NULL,
    CONSTRAINT "PK_AspNetUserTokens" PRIMARY KEY ("UserId", "LoginProvider", "Name"),
    CONSTRAINT "FK_AspNetUserTokens_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "complaint_audit" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_complaint_audit" PRIMARY KEY AUTOINCREMENT,
    "At" INTEGER NOT NULL,
    "Actor" TEXT NOT NULL,
    "Trigger" TEXT NOT NULL,
    "From" TEXT NOT NULL,
    "To" TEXT NOT NULL,
    "Reason" TEXT NULL,
    "ComplaintId" TEXT NULL,
    CONSTRAINT "FK_complaint_audit_complaints_ComplaintId" FOREIGN KEY ("ComplaintId") REFERENCES "complaints" ("Id") ON DELETE CASCADE
);


CREATE TABLE "complaint_contact_attempts" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_complaint_contact_attempts" PRIMARY KEY AUTOINCREMENT,
    "At" INTEGER NOT NULL,
    "Actor" TEXT NOT NULL,
    "ComplaintId" TEXT NULL,
    CONSTRAINT "FK_complaint_contact_attempts_complaints_ComplaintId" FOREIGN KEY ("ComplaintId") REFERENCES "complaints" ("Id") ON DELETE CASCADE
);


CREATE TABLE "customers" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_customers" PRIMARY KEY AUTOINCREMENT,
    "Phone" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "IsPrepaid" INTEGER NOT NULL,
    "ActivatedAt" INTEGER NOT NULL,
    "ExitedAt" INTEGER NULL,
    "ArrearsDays" INTEGER NOT NULL,
    "LastChargeableEventAt" INTEGER NOT NULL,
    "CommitmentEndsAt" INTEGER NULL,
    "CommitmentRenewed" INTEGER NOT NULL,
    "GroupAccountId" INTEGER NULL,
    "KeyContactRole" TEXT NULL,
    "AccountManagerId" INTEGER NULL,
    "TierOverride" TEXT NULL,
    "TierOverrideReason" TEXT NULL,
    "TierOverrideExpiresAt" INTEGER NULL,
    "TierOverrideBy" TEXT NULL,
    CONSTRAINT "FK_customers_account_managers_AccountManagerId" FOREIGN KEY ("AccountManagerId") REFERENCES "account_managers" ("Id"),
    CONSTRAINT "FK_customers_group_accounts_GroupAccountId" FOREIGN KEY ("GroupAccountId") REFERENCES "group_accounts" ("Id")
);


CREATE TABLE "customer_profiles" (
    "CustomerId" INTEGER NOT NULL CONSTRAINT "PK_customer_profiles" PRIMARY KEY,
    "Phone" TEXT NOT NULL,
    "Stage" TEXT NOT NULL,
    "StageReasons" TEXT NOT NULL,
    "StageHistory" TEXT NOT NULL,
    "Tier" TEXT NOT NULL,
    "TierReason" TEXT NOT NULL,
    "TierHistory" TEXT NOT NULL,
    "ChurnScore" INTEGER NOT NULL,
    "ChurnBand" TEXT NOT NULL,
    "Clv" INTEGER NOT NULL,
    "OpenComplaintCount" INTEGER NOT NULL,
    "View" TEXT NOT NULL,
    "EvaluatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_customer_profiles_customers_CustomerId" FOREIGN KEY ("CustomerId") REFERENCES "customers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "interactions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_interactions" PRIMARY KEY AUTOINCREMENT,
    "CustomerId" INTEGER NULL,
    "Caller" TEXT NOT NULL,
    "Channel" TEXT NOT NULL,
    "StartedAt" INTEGER NOT NULL,
    "EndedAt" INTEGER NULL,
    "ReasonCode" TEXT NULL,
    "Agent" TEXT NULL,
    "Disposition" TEXT NULL,
    CONSTRAINT "FK_interactions_customers_CustomerId" FOREIGN KEY ("CustomerId") REFERENCES "customers" ("Id") ON DELETE SET NULL
);


CREATE TABLE "monthly_bills" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_monthly_bills" PRIMARY KEY AUTOINCREMENT,
    "CustomerId" INTEGER NOT NULL,
    "Month" TEXT NOT NULL,
    "Amount" INTEGER NOT NULL,
    "CostToServe" INTEGER NOT NULL,
    CONSTRAINT "FK_monthly_bills_customers_CustomerId" FOREIGN KEY ("CustomerId") REFERENCES "customers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "monthly_usage" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_monthly_usage" PRIMARY KEY AUTOINCREMENT,
    "CustomerId" INTEGER NOT NULL,
    "Month" TEXT NOT NULL,
    "VoiceMinutes" INTEGER NOT NULL,
    "DataMegabytes" INTEGER NOT NULL,
    CONSTRAINT "FK_monthly_usage_customers_CustomerId" FOREIGN KEY ("CustomerId") REFERENCES "customers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "offer_outcomes" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_offer_outcomes" PRIMARY KEY AUTOINCREMENT,
    "CustomerId" INTEGER NOT NULL,
    "OfferId" TEXT NOT NULL,
    "ScriptVersion" TEXT NOT NULL,
    "Outcome" TEXT NOT NULL,
    "Agent" TEXT NOT NULL,
    "RecordedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_offer_outcomes_customers_CustomerId" FOREIGN KEY ("CustomerId") REFERENCES "customers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "products" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_products" PRIMARY KEY AUTOINCREMENT,
    "CustomerId" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "MonthlyFee" INTEGER NOT NULL,
    "AddedAt" INTEGER NOT NULL,
    "RemovedAt" INTEGER NULL,
    CONSTRAINT "FK_products_customers_CustomerId" FOREIGN KEY ("CustomerId") REFERENCES "customers" ("Id") ON DELETE CASCADE
);


CREATE INDEX "IX_AspNetRoleClaims_RoleId" ON "AspNetRoleClaims" ("RoleId");


CREATE UNIQUE INDEX "RoleNameIndex" ON "AspNetRoles" ("NormalizedName");


CREATE INDEX "IX_AspNetUserClaims_UserId" ON "AspNetUserClaims" ("UserId");


CREATE INDEX "IX_AspNetUserLogins_UserId" ON "AspNetUserLogins" ("UserId");


CREATE INDEX "IX_AspNetUserRoles_RoleId" ON "AspNetUserRoles" ("RoleId");


CREATE INDEX "EmailIndex" ON "AspNetUsers" ("NormalizedEmail");


CREATE UNIQUE INDEX "UserNameIndex" ON "AspNetUsers" ("NormalizedUserName");


CREATE INDEX "IX_complaint_audit_ComplaintId" ON "complaint_audit" ("ComplaintId");


CREATE INDEX "IX_complaint_contact_attempts_ComplaintId" ON "complaint_contact_attempts" ("ComplaintId");


CREATE INDEX "IX_complaints_CustomerId_State" ON "complaints" ("CustomerId", "State");


CREATE INDEX "IX_complaints_Owner" ON "complaints" ("Owner");


CREATE UNIQUE INDEX "IX_customer_profiles_Phone" ON "customer_profiles" ("Phone");


CREATE INDEX "IX_customer_profiles_Tier" ON "customer_profiles" ("Tier");


CREATE INDEX "IX_customers_AccountManagerId" ON "customers" ("AccountManagerId");


CREATE INDEX "IX_customers_GroupAccountId" ON "customers" ("GroupAccountId");


CREATE UNIQUE INDEX "IX_customers_Phone" ON "customers" ("Phone");


CREATE INDEX "IX_interactions_CustomerId_StartedAt" ON "interactions" ("CustomerId", "StartedAt");


CREATE UNIQUE INDEX "IX_monthly_bills_CustomerId_Month" ON "monthly_bills" ("CustomerId", "Month");


CREATE UNIQUE INDEX "IX_monthly_usage_CustomerId_Month" ON "monthly_usage" ("CustomerId", "Month");


CREATE INDEX "IX_offer_outcomes_CustomerId" ON "offer_outcomes" ("CustomerId");


CREATE INDEX "IX_products_CustomerId" ON "products" ("CustomerId");



