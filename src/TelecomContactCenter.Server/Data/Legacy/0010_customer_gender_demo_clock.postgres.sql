-- How an agent addresses the customer (张先生 / 张女士): Male, Female or null when not on file.
ALTER TABLE customers ADD COLUMN "Gender" character varying(8) NULL;

-- Demo mode: when the demo population was generated. A later start shifts the generated history forward by the
-- time since, so the documented demo customers keep their tier and stage on any day.
CREATE TABLE IF NOT EXISTS demo_data_clock ("Id" integer NOT NULL PRIMARY KEY, "GeneratedAtTicks" bigint NOT NULL);
