package io.hybridllm.heavy.decoding;

import io.hybridllm.core.api.ChatMessage;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a conversation into prompt text. Not a Jinja engine: it understands the common simple
 * template shape
 * <pre>{@code [{{ bos_token }}]{% for m in messages %}PREFIX{{ m['role'] }}MIDDLE{{ m['content'] }}SUFFIX{% endfor %}TAIL}</pre>
 * where PREFIX/MIDDLE/SUFFIX/TAIL are literal text (Jinja whitespace-control dashes, {@code m.role}
 * and {@code m["role"]} spellings, any loop variable name, and {@code {% if add_generation_prompt %}}
 * around TAIL are accepted). Templates with logic beyond that are recognised by family, from the
 * special tokens they write: ChatML ({@code <|im_start|>}: Qwen2/2.5, many fine-tunes; the default
 * system prompt the template inserts when the conversation has none is kept) and Llama 3
 * ({@code <|start_header_id|>}; tools and 3.1's date header are not rendered). Anything else falls
 * back to the plain format {@code "{role}: {content}\n"...+"assistant:"}; the choice is logged
 * at start so an operator knows whether the model's own template is applied.
 */
public final class ChatTemplate {

    static final ChatTemplate PLAIN = new ChatTemplate("", "", ": ", "\n", "assistant:", false, "plain");

    private static final String VAR = "\\{\\{-?\\s*(\\w+)(?:\\[\\s*['\"](role|content)['\"]\\s*\\]|\\.(role|content))\\s*-?\\}\\}";
    private static final Pattern SIMPLE = Pattern.compile(
            "(?s)(\\{\\{-?\\s*bos_token\\s*-?\\}\\})?\\{%-?\\s*for\\s+(\\w+)\\s+in\\s+messages\\s*-?%\\}"
                    + "(.*?)" + VAR + "(.*?)" + VAR + "(.*?)"
                    + "\\{%-?\\s*endfor\\s*-?%\\}(.*)");
    private static final Pattern GENERATION_PROMPT = Pattern.compile(
            "(?s)\\{%-?\\s*if\\s+add_generation_prompt\\s*-?%\\}(.*?)\\{%-?\\s*endif\\s*-?%\\}");

    private static final Pattern CHATML_DEFAULT_SYSTEM = Pattern.compile(
            // Inside a Jinja string literal: "\n" as the two characters Jinja unescapes.
            "'<\\|im_start\\|>system(?:\\\\n|\\n)([^'{}]*?)<\\|im_end\\|>(?:\\\\n|\\n)'");

    private final String bos;
    private final String defaultSystem;
    private final String prefix;
    private final String middle;
    private final String suffix;
    private final String tail;
    private final boolean roleFirst;
    private final String description;

    private ChatTemplate(String bos, String prefix, String middle, String suffix, String tail, boolean contentFirst,
                         String description) {
        this(bos, null, prefix, middle, suffix, tail, contentFirst, description);
    }

    private ChatTemplate(String bos, String defaultSystem, String prefix, String middle, String suffix, String tail,
                         boolean contentFirst, String description) {
        this.bos = bos;
        this.defaultSystem = defaultSystem;
        this.prefix = prefix;
        this.middle = middle;
        this.suffix = suffix;
        this.tail = tail;
        this.roleFirst = !contentFirst;
        this.description = description;
    }

    /** The model's template when it has the simple shape, else {@link #PLAIN}. */
    public static ChatTemplate from(Optional<String> template, String bosToken) {
        if (template.isEmpty()) {
            return PLAIN;
        }
        Matcher m = SIMPLE.matcher(template.get().strip());
        if (!m.matches()) {
            return family(template.get(), bosToken);
        }
        String loopVar = m.group(2);
        if (!loopVar.equals(m.group(4)) || !loopVar.equals(m.group(8))) {
            return PLAIN;
        }
        String first = m.group(5) != null ? m.group(5) : m.group(6);
        String second = m.group(9) != null ? m.group(9) : m.group(10);
        if (first.equals(second)) {
            return PLAIN;
        }
        // HF renders with trim_blocks: the first newline after a block tag is dropped.
        String prefix = afterBlock(m.group(3));
        String middle = m.group(7);
        String suffix = m.group(11);
        String tail = afterBlock(m.group(12));
        Matcher gen = GENERATION_PROMPT.matcher(tail);
        if (gen.matches()) {
            tail = afterBlock(gen.group(1));
        }
        if (containsJinja(prefix) || containsJinja(middle) || containsJinja(suffix) || containsJinja(tail)) {
            return PLAIN;
        }
        String bos = m.group(1) != null && bosToken != null ? bosToken : "";
        return new ChatTemplate(bos, prefix, middle, suffix, tail, "content".equals(first), "model");
    }

    /** A template with logic, recognised by the special tokens it writes; else {@link #PLAIN}. */
    private static ChatTemplate family(String template, String bosToken) {
        if (template.contains("<|im_start|>")) {
            Matcher system = CHATML_DEFAULT_SYSTEM.matcher(template);
            String defaultSystem = system.find() ? system.group(1).replace("\\n", "\n") : null;
            return new ChatTemplate("", defaultSystem, "<|im_start|>", "\n", "<|im_end|>\n",
                    "<|im_start|>assistant\n", false, "ChatML family");
        }
        if (template.contains("<|start_header_id|>")) {
            String bos = template.contains("bos_token") && bosToken != null ? bosToken : "";
            return new ChatTemplate(bos, "<|start_header_id|>", "<|end_header_id|>\n\n", "<|eot_id|>",
                    "<|start_header_id|>assistant<|end_header_id|>\n\n", false, "Llama 3 family");
        }
        return PLAIN;
    }

    private static String afterBlock(String text) {
        return text.startsWith("\n") ? text.substring(1) : text;
    }

    private static boolean containsJinja(String text) {
        return text.contains("{{") || text.contains("{%") || text.contains("{#");
    }

    public String render(List<ChatMessage> conversation) {
        StringBuilder out = new StringBuilder(bos);
        if (defaultSystem != null && (conversation.isEmpty() || !"system".equals(conversation.get(0).role()))) {
            out.append(prefix).append("system").append(middle).append(defaultSystem).append(suffix);
        }
        for (ChatMessage message : conversation) {
            String content = message.content() == null ? "" : message.content();
            out.append(prefix)
                    .append(roleFirst ? message.role() : content)
                    .append(middle)
                    .append(roleFirst ? content : message.role())
                    .append(suffix);
        }
        return out.append(tail).toString();
    }

    /** "model" when the model's own template is applied, its family when recognised, "plain" for the fallback. */
    public String description() {
        return description;
    }

    /** True when the rendered text already starts with the BOS token text. */
    boolean rendersBos() {
        return !bos.isEmpty();
    }
}
