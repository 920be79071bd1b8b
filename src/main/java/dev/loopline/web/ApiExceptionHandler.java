package dev.loopline.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import dev.loopline.common.ApiError;
import dev.loopline.common.DomainException;
import dev.loopline.common.TextLimits;
import dev.loopline.engine.EngineException;
import dev.loopline.engine.UnsafeSchemaException;

/** Turns every failure of an API controller into {@code {code, message}} with the status API.md names. */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    static HttpStatus statusOf(DomainException e) {
        if (e instanceof DomainException.NotFound) {
            return HttpStatus.NOT_FOUND;
        }
        if (e instanceof DomainException.Conflict) {
            return HttpStatus.CONFLICT;
        }
        if (e instanceof DomainException.Forbidden) {
            return HttpStatus.FORBIDDEN;
        }
        if (e instanceof DomainException.TooLarge) {
            return HttpStatus.CONTENT_TOO_LARGE;
        }
        if (e instanceof DomainException.Refused) {
            return HttpStatus.UNPROCESSABLE_CONTENT;
        }
        return HttpStatus.BAD_REQUEST;
    }

    /**
     * An error answer, always JSON: with its content type fixed, a client that asked for {@code text/html} still gets
     * the status and the {@code {code, message}} (instead of a failed negotiation turning into a 500).
     */
    static ResponseEntity<ApiError> json(HttpStatusCode status, ApiError error) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(error);
    }

    /** Tomcat could not decode a query or form parameter (e.g. {@code ?page=%ZZ}). */
    @ExceptionHandler
    ResponseEntity<ApiError> undecodableParameter(org.apache.tomcat.util.http.InvalidParameterException e) {
        return json(HttpStatus.BAD_REQUEST, new ApiError("malformed_request", "A query parameter is not valid "
                + "percent-encoded UTF-8; encode it again and retry."));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> domain(DomainException e) {
        return json(statusOf(e), new ApiError(e.code(), e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> integrity(DataIntegrityViolationException e) {
        return domain(DataIntegrityErrors.translate(e));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> accessDenied(AccessDeniedException e) {
        return json(HttpStatus.FORBIDDEN, new ApiError("forbidden", "Your roles do not allow this request."));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        String mismatch = StrictJson.mismatchMessage(e);
        return json(HttpStatus.BAD_REQUEST, new ApiError("malformed_request", mismatch != null ? mismatch
                : "The request body is not valid JSON of the expected shape; check field names and value types."));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> typeMismatch(MethodArgumentTypeMismatchException e) {
        return json(HttpStatus.BAD_REQUEST, new ApiError("invalid_parameter",
                "'" + TextLimits.quoted(e.getValue()) + "' is not a valid value for " + e.getName() + "."));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> missingParameter(MissingServletRequestParameterException e) {
        return json(HttpStatus.BAD_REQUEST, new ApiError("missing_parameter",
                "Add the '" + e.getParameterName() + "' parameter."));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> mediaType(HttpMediaTypeNotSupportedException e) {
        return json(HttpStatus.UNSUPPORTED_MEDIA_TYPE, new ApiError("unsupported_media_type",
                "Send the body as " + e.getSupportedMediaTypes() + "."));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> method(HttpRequestMethodNotSupportedException e) {
        return json(HttpStatus.METHOD_NOT_ALLOWED, new ApiError("method_not_allowed",
                e.getMethod() + " is not supported here; use " + e.getSupportedHttpMethods() + "."));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> concurrentUpdate(ObjectOptimisticLockingFailureException e) {
        return json(HttpStatus.CONFLICT, new ApiError("concurrent_update",
                "Someone else changed this at the same moment; read it again and retry."));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> unsafeSchema(UnsafeSchemaException e) {
        return json(HttpStatus.UNPROCESSABLE_CONTENT, new ApiError("host_function_in_schema",
                e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> engine(EngineException e) {
        log.warn("Engine failure: {}", e.getMessage());
        return json(HttpStatus.SERVICE_UNAVAILABLE, new ApiError("engine_error", e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> unexpected(Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof StackOverflowError) {
                // defensive: input that makes a parser recurse too deep is refused up front; should any slip through
                log.warn("Stack overflow while handling an API request", e);
                return json(HttpStatus.UNPROCESSABLE_CONTENT, new ApiError("input_too_complex",
                        "The input nests too deeply to be processed; simplify it."));
            }
        }
        log.error("Unexpected error in an API request", e);
        return json(HttpStatus.INTERNAL_SERVER_ERROR, new ApiError("internal_error",
                "Something went wrong on our side. It has been logged; try again or tell your admin."));
    }
}
