-- An hour without detail rows is recorded as archived without an object in S3: no empty gzip file
-- per quiet hour. Such a record has no key and no digest; hours archived before keep their objects.
ALTER TABLE archive_metadata
    ALTER COLUMN object_key DROP NOT NULL,
    ALTER COLUMN sha256 DROP NOT NULL,
    ADD CONSTRAINT archive_metadata_object_or_empty CHECK ((object_key IS NOT NULL AND sha256 IS NOT NULL) OR row_count = 0);
