package io.pathstats.ingest.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.pathstats.common.ops.ApiError;
import java.io.IOException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

/**
 * OTLP/JSON as the specification defines it: protobuf's JSON mapping, except that trace and span
 * ids are hex strings rather than base64 (and enums are integers, which the mapping accepts). The
 * ids are turned into base64 before protobuf's parser reads the rest; unknown fields are ignored,
 * as the specification asks of receivers.
 */
final class OtlpJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ID_FIELDS = Set.of("traceId", "spanId", "parentSpanId");
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private OtlpJson() {
    }

    static ExportTraceServiceRequest parse(byte[] body) {
        try {
            JsonNode tree = JSON.readTree(body);
            if (tree == null || !tree.isObject()) {
                throw new ApiError(400, "invalid_body", "an OTLP/JSON export request must be a JSON object");
            }
            hexIdsToBase64(tree);
            ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
            PARSER.merge(JSON.writeValueAsString(tree), request);
            return request.build();
        } catch (InvalidProtocolBufferException e) {
            throw new ApiError(400, "invalid_body", "not an OTLP/JSON ExportTraceServiceRequest: " + e.getMessage());
        } catch (IOException e) {
            throw new ApiError(400, "invalid_body", "not valid JSON: " + e.getMessage());
        }
    }

    static byte[] write(ExportTraceServiceResponse response) {
        try {
            return PRINTER.print(response).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void hexIdsToBase64(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            for (String field : ID_FIELDS) {
                JsonNode id = object.get(field);
                if (id != null && id.isTextual() && !id.textValue().isEmpty()) {
                    try {
                        object.put(field, Base64.getEncoder().encodeToString(HexFormat.of().parseHex(id.textValue())));
                    } catch (IllegalArgumentException e) {
                        throw new ApiError(400, "invalid_body", field + " '" + id.textValue() + "' is not a hex string (OTLP/JSON "
                                + "encodes trace and span ids in hex)");
                    }
                }
            }
            object.elements().forEachRemaining(OtlpJson::hexIdsToBase64);
        } else if (node.isArray()) {
            node.elements().forEachRemaining(OtlpJson::hexIdsToBase64);
        }
    }
}
