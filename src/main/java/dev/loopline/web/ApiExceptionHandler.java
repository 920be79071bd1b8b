package dev.loopline.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
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
        if (e instanceof DomainException.Refused) {
            return HttpStatus.UNPROCESSABLE_CONTENT;
        }
        return HttpStatus.BAD_REQUEST;
    }

    @ExceptionHandler
    ResponseEntity<ApiError> domain(DomainException e) {
        return ResponseEntity.status(statusOf(e)).body(new ApiError(e.code(), e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> integrity(DataIntegrityViolationException e) {
        return domain(DataIntegrityErrors.translate(e));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> accessDenied(AccessDeniedException e) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN)
                .body(new ApiError("forbidden", "Your roles do not allow this request."));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        return ResponseEntity.badRequest().body(new ApiError("malformed_request",
                "The request body is not valid JSON of the expected shape; check field names and value types."));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> typeMismatch(MethodArgumentTypeMismatchException e) {
        return ResponseEntity.badRequest().body(new ApiError("invalid_parameter",
                "'" + TextLimits.quoted(e.getValue()) + "' is not a valid value for " + e.getName() + "."));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> missingParameter(MissingServletRequestParameterException e) {
        return ResponseEntity.badRequest().body(new ApiError("missing_parameter",
                "Add the '" + e.getParameterName() + "' parameter."));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> mediaType(HttpMediaTypeNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).body(new ApiError("unsupported_media_type",
                "Send the body as " + e.getSupportedMediaTypes() + "."));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> method(HttpRequestMethodNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).body(new ApiError("method_not_allowed",
                e.getMethod() + " is not supported here; use " + e.getSupportedHttpMethods() + "."));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> concurrentUpdate(ObjectOptimisticLockingFailureException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(new ApiError("concurrent_update",
                "Someone else changed this at the same moment; read it again and retry."));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> unsafeSchema(UnsafeSchemaException e) {
        return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).body(new ApiError("host_function_in_schema",
                e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> engine(EngineException e) {
        log.warn("Engine failure: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(new ApiError("engine_error", e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> unexpected(Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof StackOverflowError) {
                // defensive: input that makes a parser recurse too deep is refused up front; should any slip through
                log.warn("Stack overflow while handling an API request", e);
                return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).body(new ApiError("input_too_complex",
                        "The input nests too deeply to be processed; simplify it."));
            }
        }
        log.error("Unexpected error in an API request", e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(new ApiError("internal_error",
                "Something went wrong on our side. It has been logged; try again or tell your admin."));
    }
}
