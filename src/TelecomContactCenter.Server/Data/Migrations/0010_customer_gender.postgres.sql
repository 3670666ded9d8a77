-- How an agent addresses the customer (张先生 / 张女士): Male, Female or null when not on file.
ALTER TABLE customers ADD COLUMN "Gender" character varying(8) NULL;
