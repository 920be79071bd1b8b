package dev.loopline.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

import dev.loopline.common.ApiError;

/**
 * Tomcat refuses some requests before Spring sees them — an encoded {@code /}, {@code \} or NUL in the path, invalid
 * UTF-8, a header larger than the limit — and its error report valve answers those with an HTML page. Under
 * {@code /api/} this valve answers with the API's {@code {code, message}} JSON instead; elsewhere with a plain page in
 * Loopline's words (the app's templates are out of reach at this point), never Tomcat's own report.
 */
public class JsonErrorReportValve extends ErrorReportValve {

    public JsonErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0) {
            super.report(request, response, throwable);
            return;
        }
        boolean api = isApi(request);
        if (!response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        try {
            response.setContentType(api ? "application/json" : "text/html");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(api ? errorOf(status).toJson() : pageOf(status));
                response.finishResponse();
            }
        }
        catch (IOException | IllegalStateException e) {
            // the client has gone or the response is already committed: nothing more to say
        }
    }

    private static boolean isApi(Request request) {
        String uri = request.getCoyoteRequest().requestURI().toString();
        return ApiPaths.isApi(uri);
    }

    /** A small, self-contained page: what went wrong in words and a way back to the dashboard. */
    static String pageOf(int status) {
        String message = errorOf(status).message().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        String title = status < 500 ? "That request was not right" : "Something went wrong";
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                + "content=\"width=device-width, initial-scale=1\"><title>" + title + " · Loopline</title><style>"
                + "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;background:#f5f7fb;color:#1f2937;"
                + "margin:0;padding:3rem 1rem}main{max-width:40rem;margin:0 auto;background:#fff;border-radius:.75rem;"
                + "padding:2rem;box-shadow:0 1px 3px rgba(0,0,0,.08)}h1{font-size:1.5rem;margin:0 0 .75rem}"
                + "p{line-height:1.5}.status{color:#4b5563;font-size:.875rem}a{color:#1d4ed8}</style></head><body><main>"
                + "<p class=\"status\">Loopline · error " + status + "</p><h1>" + title + "</h1><p>" + message
                + "</p><p><a href=\"/\">Back to the dashboard</a></p></main></body></html>";
    }

    static ApiError errorOf(int status) {
        return switch (status) {
            case 400 -> new ApiError("malformed_request", "The server could not read this request: check the path "
                    + "(no encoded '/', '\\' or NUL characters, valid UTF-8) and keep headers under 8 KB.");
            case 404 -> new ApiError("not_found", "There is no API resource at this address.");
            case 408 -> new ApiError("request_timeout", "The request took too long to arrive.");
            case 413 -> new ApiError("payload_too_large", "The request body is larger than the server accepts.");
            case 414 -> new ApiError("uri_too_long", "The request address is too long.");
            case 431 -> new ApiError("headers_too_large", "The request headers are larger than the server accepts.");
            default -> status < 500 ? new ApiError("bad_request", "The server could not accept this request.")
                    : new ApiError("internal_error", "Something went wrong on our side; it has been logged.");
        };
    }

    /** Puts this valve in place of Tomcat's and Spring Boot's HTML error report valves on the host. */
    @Component
    static class Installer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    for (Valve valve : host.getPipeline().getValves()) {
                        if (valve instanceof ErrorReportValve && !(valve instanceof JsonErrorReportValve)) {
                            host.getPipeline().removeValve(valve);
                        }
                    }
                    host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
                }
            });
        }

        @Override
        public int getOrder() {
            // after Spring Boot's own customizer, which adds a plain ErrorReportValve
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
