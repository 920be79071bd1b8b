package dev.loopline.web;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.ModelAndView;

final class ErrorPages {

    private static final Map<Integer, String> TITLES = Map.of(
            400, "That request was not right",
            403, "You may not do that",
            404, "Not found",
            405, "Not allowed here",
            409, "Not possible right now",
            422, "Refused by a rule",
            500, "Something went wrong");

    private ErrorPages() {
    }

    static ModelAndView page(HttpStatus status, String message) {
        ModelAndView page = new ModelAndView("error/error", status);
        page.addObject("status", status.value());
        page.addObject("errorTitle", TITLES.getOrDefault(status.value(), status.getReasonPhrase()));
        page.addObject("message", message);
        return page;
    }
}
