package io.pathstats.common.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Errors that Jetty answers before a request reaches a route (a URI or headers too long, an
 * ambiguous URI, a malformed request line) in the same JSON envelope as every other error, instead
 * of Jetty's HTML page or an empty body. The server's handler covers what fails before the servlet
 * context (framing, URI, headers), {@link InContext} what the servlet layer refuses.
 */
final class JsonErrorPages extends org.eclipse.jetty.server.handler.ErrorHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The same for the servlet context, whose error handler must be the servlet kind. */
    static final class InContext extends org.eclipse.jetty.ee10.servlet.ErrorHandler {
        @Override
        protected boolean generateAcceptableResponse(Request request, Response response, Callback callback, String contentType,
                                                     List<Charset> charsets, int code, String message, Throwable cause) {
            return writeJson(response, callback, code, message);
        }
    }

    static boolean writeJson(Response response, Callback callback, int code, String message) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, MimeTypes.Type.APPLICATION_JSON_UTF_8.asString());
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
        return true;
    }

    @Override
    protected boolean generateAcceptableResponse(Request request, Response response, Callback callback, String contentType,
                                                 List<Charset> charsets, int code, String message, Throwable cause) {
        return writeJson(response, callback, code, message);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, MimeTypes.Type.APPLICATION_JSON_UTF_8.asString());
        return ByteBuffer.wrap(body(status, reason));
    }

    static byte[] body(int status, String message) {
        String text = message == null || message.isBlank() ? "HTTP " + status : message;
        try {
            return JSON.writeValueAsBytes(ErrorBody.of(ErrorBody.codeFor(status), text));
        } catch (JsonProcessingException e) {
            return ("{\"success\":false,\"error\":{\"code\":\"" + ErrorBody.codeFor(status) + "\"}}").getBytes(StandardCharsets.UTF_8);
        }
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback)
            throws IOException {
        generateAcceptableResponse(request, response, callback, null, List.of(StandardCharsets.UTF_8), code, message, cause);
    }
}
