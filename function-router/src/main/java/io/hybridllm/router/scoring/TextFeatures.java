package io.hybridllm.router.scoring;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Cheap text features that a sentence embedding misses or blurs: how long a text is, how much arithmetic
 * and notation it carries, whether it is laid out as a multiple-choice question, and words that ask for
 * reasoning. Counts are log-scaled so that one very long prompt cannot dominate. The learned head is
 * trained on exactly this list, in this order; {@link #NAMES} goes into its weights file and is checked
 * when the file is loaded, so a changed feature can never be fed to an old head.
 */
public final class TextFeatures {

    /** Feature names, in the order {@link #of(String)} returns them. Bump {@link #VERSION} on any change. */
    public static final List<String> NAMES = List.of(
            "log_chars", "log_words", "mean_word_length", "long_word_share", "log_lines", "log_sentences",
            "log_question_marks", "log_numbers", "digit_share", "log_arithmetic", "log_notation",
            "multiple_choice", "log_reasoning_words", "uppercase_share", "log_code_marks", "log_quotes");

    public static final String VERSION = "text-features-v1";

    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)*");
    private static final Pattern ARITHMETIC = Pattern.compile("[+*/=^%×÷<>≤≥]|\\s-\\s|\\d-\\d");
    private static final Pattern NOTATION = Pattern.compile("[\\\\$_∑∫√πθλμσ∞∈∀∃→↔¬∧∨]|\\b(?:sin|cos|log|ln|lim|mod)\\b");
    private static final Pattern CHOICE = Pattern.compile("(?m)^\\s*\\(?[A-D][.)]\\s");
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?](?:\\s|$)");
    private static final Pattern CODE = Pattern.compile("[{};]|==|!=|\\(\\)|\\bdef\\b|\\breturn\\b|\\bint\\b");
    private static final Pattern QUOTE = Pattern.compile("[\"“”]");
    private static final Pattern REASONING = Pattern.compile(
            "\\b(why|explain|prove|derive|calculate|compute|solve|compare|analy[sz]e|evaluate|implement|"
                    + "write|essay|code|algorithm|theorem|equation|probability|how many|how much|step by step|"
                    + "which of the following|summari[sz]e|translate|if|then|statement|true|false|assume|"
                    + "suppose|total|each|per|remaining|left|times|percent|argument|implies)\\b");

    private TextFeatures() {
    }

    public static int size() {
        return NAMES.size();
    }

    /** The features of one text, in {@link #NAMES} order. */
    public static double[] of(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        String[] words = text.isBlank() ? new String[0] : text.trim().split("\\s+");
        int letters = 0;
        int upper = 0;
        int digits = 0;
        int visible = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetter(c)) {
                letters++;
                if (Character.isUpperCase(c)) {
                    upper++;
                }
            } else if (Character.isDigit(c)) {
                digits++;
            }
            if (!Character.isWhitespace(c)) {
                visible++;
            }
        }
        long wordChars = 0;
        int longWords = 0;
        for (String w : words) {
            wordChars += w.length();
            if (w.length() >= 10) {
                longWords++;
            }
        }
        int lines = text.isEmpty() ? 0 : (int) text.chars().filter(c -> c == '\n').count() + 1;
        return new double[] {
                Math.log1p(text.length()),
                Math.log1p(words.length),
                words.length == 0 ? 0 : Math.min(20, (double) wordChars / words.length),
                words.length == 0 ? 0 : (double) longWords / words.length,
                Math.log1p(lines),
                Math.log1p(count(SENTENCE_END, text)),
                Math.log1p(text.chars().filter(c -> c == '?').count()),
                Math.log1p(count(NUMBER, text)),
                visible == 0 ? 0 : (double) digits / visible,
                Math.log1p(count(ARITHMETIC, text)),
                Math.log1p(count(NOTATION, lower)),
                count(CHOICE, text) >= 2 ? 1 : 0,
                Math.log1p(count(REASONING, lower)),
                letters == 0 ? 0 : (double) upper / letters,
                Math.log1p(count(CODE, text)),
                Math.log1p(count(QUOTE, text)),
        };
    }

    private static long count(Pattern pattern, String text) {
        return pattern.matcher(text).results().count();
    }
}
