package io.hybridllm.core.routing;

import io.hybridllm.core.api.ChatMessage;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A first complexity scorer from cheap text features: length, digits and arithmetic, multiple
 * choice layout, words that ask for reasoning or writing, and how long the conversation has run.
 * The features feed a fixed logistic function; the weights were set by hand so that short
 * customer-service questions score low and maths or exam questions score high. It sees the whole
 * conversation, so a short follow-up in a hard conversation stays hard.
 */
public final class FeatureComplexityScorer implements ComplexityScorer {

    private static final Pattern DIGIT_RUN = Pattern.compile("\\d+(?:[.,]\\d+)?");
    private static final Pattern ARITHMETIC = Pattern.compile("[+*/=^%×÷]|\\s-\\s");
    private static final Pattern CHOICES = Pattern.compile("(?m)^\\s*\\(?[A-D][.)]\\s");
    private static final Pattern REASONING = Pattern.compile(
            "\\b(why|explain|prove|derive|calculate|compute|solve|compare|analy[sz]e|evaluate|implement|"
                    + "write|essay|code|algorithm|theorem|equation|probability|how many|how much|step by step|"
                    + "which of the following|summari[sz]e|translate)\\b");

    @Override
    public double score(List<ChatMessage> conversation) {
        String last = "";
        StringBuilder earlier = new StringBuilder();
        int userTurns = 0;
        for (ChatMessage message : conversation) {
            if ("user".equals(message.role())) {
                userTurns++;
                if (!last.isEmpty()) {
                    earlier.append(last).append('\n');
                }
                last = message.content();
            }
        }
        double current = textComplexity(last);
        // A follow-up inherits part of the difficulty of what came before it.
        double previous = earlier.length() == 0 ? 0.0 : textComplexity(earlier.toString());
        double z = current + 0.6 * previous + 0.15 * Math.max(0, userTurns - 1) - 2.2;
        return 1.0 / (1.0 + Math.exp(-z));
    }

    private static double textComplexity(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        int words = lower.isBlank() ? 0 : lower.trim().split("\\s+").length;
        long numbers = DIGIT_RUN.matcher(lower).results().count();
        long arithmetic = ARITHMETIC.matcher(lower).results().count();
        long reasoning = REASONING.matcher(lower).results().count();
        boolean choices = CHOICES.matcher(text).results().count() >= 2;
        return 0.9 * Math.log1p(words / 8.0)
                + 0.35 * Math.min(numbers, 6)
                + 0.4 * Math.min(arithmetic, 4)
                + 0.6 * Math.min(reasoning, 3)
                + (choices ? 1.5 : 0.0);
    }

    @Override
    public String name() {
        return "features-v1";
    }
}
