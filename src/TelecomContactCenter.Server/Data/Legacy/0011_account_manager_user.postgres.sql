-- An account manager is a user who signs in (agent role): the user name links them to the agent hub, their phone
-- registration and the ACD. Managers without a sign-in keep a null user name.
ALTER TABLE account_managers ADD COLUMN "UserName" character varying(64) NULL;
CREATE UNIQUE INDEX "IX_account_managers_UserName" ON account_managers ("UserName");
