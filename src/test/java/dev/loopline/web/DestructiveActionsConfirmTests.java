package dev.loopline.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * Every form of every page that destroys, reverts, cuts over, unblocks or unprotects something asks first: the form
 * (or its submit button) carries a {@code data-confirm} question, literally or through {@code th:attr}. Pages whose
 * state is hard to reach in a browser test (a blocked queue, a cutover waiting) are covered here, from the templates.
 */
class DestructiveActionsConfirmTests {

    /** The last path segment of actions that lose something or cannot simply be taken back. */
    private static final Pattern DESTRUCTIVE = Pattern.compile(
            "/(delete|revert|skip-revert|apply|cancel|close|unblock|demote|pause|complete|\\{a\\}|unprotect)\\b");

    @Test
    void everyDestructiveFormAsksFirst() throws IOException {
        List<String> unconfirmed = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> templates = Files.walk(Path.of("src/main/resources/templates"))) {
            for (Path template : templates.filter(p -> p.toString().endsWith(".html")).toList()) {
                for (Element form : Jsoup.parse(Files.readString(template)).select("form")) {
                    String action = form.attr("th:action") + " " + form.attr("action") + " " + form.attr("th:attr")
                            + " " + form.attr("hx-post");
                    if (!DESTRUCTIVE.matcher(action.replaceAll("\\(.*", "")).find()) {
                        continue;
                    }
                    checked++;
                    // a page of its own that asks (delete.html, branch-delete.html: "type the name to confirm") is the question
                    boolean confirmationPage = template.getFileName().toString().endsWith("delete.html");
                    boolean asks = confirmationPage || asks(form) || form.select("button, input[type=submit]").stream()
                            .anyMatch(DestructiveActionsConfirmTests::asks);
                    if (!asks) {
                        unconfirmed.add(template.getFileName() + ": " + form.attr("th:action"));
                    }
                }
            }
        }
        assertThat(checked).as("the templates were found and read").isGreaterThan(10);
        assertThat(unconfirmed).as("destructive forms without a confirmation").isEmpty();
    }

    private static boolean asks(Element element) {
        return element.hasAttr("data-confirm") || element.hasAttr("th:data-confirm") || element.hasAttr("hx-confirm")
                || element.attr("th:attr").contains("data-confirm");
    }
}
