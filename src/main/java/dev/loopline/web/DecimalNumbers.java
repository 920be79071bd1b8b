package dev.loopline.web;

import java.util.regex.Pattern;

import org.springframework.beans.propertyeditors.CustomNumberEditor;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Numbers in paths, query parameters and forms are plain decimal. Spring's default number editor decodes
 * {@code 0x15} and {@code #16} as hexadecimal (so {@code /iterations/0x15} was iteration 21), and it is the fallback
 * even when a conversion service refuses a value; a custom editor is consulted before both. Anything else fails
 * binding: {@code 400 invalid_parameter} in the API, a field error or a 404 page in the UI.
 */
@ControllerAdvice
class DecimalNumbers {

    static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,19}");

    @InitBinder
    void decimalOnly(WebDataBinder binder) {
        binder.registerCustomEditor(long.class, new DecimalEditor(Long.class, false));
        binder.registerCustomEditor(Long.class, new DecimalEditor(Long.class, true));
        binder.registerCustomEditor(int.class, new DecimalEditor(Integer.class, false));
        binder.registerCustomEditor(Integer.class, new DecimalEditor(Integer.class, true));
    }

    private static final class DecimalEditor extends CustomNumberEditor {

        private final boolean allowEmpty;

        DecimalEditor(Class<? extends Number> type, boolean allowEmpty) {
            super(type, allowEmpty);
            this.allowEmpty = allowEmpty;
        }

        @Override
        public void setAsText(String text) {
            String trimmed = text == null ? "" : text.trim();
            if (!(allowEmpty && trimmed.isEmpty()) && !DECIMAL.matcher(trimmed).matches()) {
                throw new IllegalArgumentException("Not a decimal number");
            }
            super.setAsText(trimmed);
        }
    }
}
