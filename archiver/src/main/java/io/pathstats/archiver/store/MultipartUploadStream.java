package io.pathstats.archiver.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * An OutputStream that uploads to S3 in fixed-size multipart parts, so memory stays at one part
 * whatever the object size. Closing completes the upload; {@link #abort()} discards it.
 */
public final class MultipartUploadStream extends OutputStream {
    /** S3's minimum for every part but the last. */
    public static final int PART_BYTES = 8 * 1024 * 1024;

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final String uploadId;
    private final ByteArrayOutputStream part = new ByteArrayOutputStream(PART_BYTES);
    private final List<CompletedPart> parts = new ArrayList<>();
    private long bytes;
    private boolean closed;

    public MultipartUploadStream(S3Client s3, String bucket, String key, String contentType) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(contentType)).uploadId();
    }

    @Override
    public void write(int b) throws IOException {
        part.write(b);
        bytes++;
        flushPartIfFull();
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, PART_BYTES - part.size());
            part.write(b, off, n);
            bytes += n;
            off += n;
            len -= n;
            flushPartIfFull();
        }
    }

    private void flushPartIfFull() {
        if (part.size() >= PART_BYTES) {
            uploadPart();
        }
    }

    private void uploadPart() {
        int number = parts.size() + 1;
        String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                RequestBody.fromBytes(part.toByteArray())).eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        part.reset();
    }

    /** Bytes written so far: the object's size once closed. */
    public long bytes() {
        return bytes;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (part.size() > 0 || parts.isEmpty()) {
            uploadPart();
        }
        s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
    }

    public void abort() {
        if (!closed) {
            closed = true;
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            } catch (RuntimeException ignored) {
                // the store is unreachable; the incomplete upload expires by the bucket's lifecycle rules
            }
        }
    }
}
