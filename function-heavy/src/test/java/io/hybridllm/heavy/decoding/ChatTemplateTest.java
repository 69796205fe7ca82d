package io.hybridllm.heavy.decoding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hybridllm.core.api.ChatMessage;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChatTemplateTest {

    private static final List<ChatMessage> CONVERSATION = List.of(
            new ChatMessage("system", "be brief"), ChatMessage.user("hi"));

    @Test
    void demoTemplate() {
        ChatTemplate t = ChatTemplate.from(Optional.of(
                "{% for m in messages %}{{ m['role'] }}: {{ m['content'] }}\n{% endfor %}assistant:"), "<s>");
        assertEquals("model", t.description());
        assertEquals("system: be brief\nuser: hi\nassistant:", t.render(CONVERSATION));
    }

    @Test
    void chatMlStyleWithBosAndGenerationPrompt() {
        ChatTemplate t = ChatTemplate.from(Optional.of("{{ bos_token }}{% for message in messages %}"
                + "<|im_start|>{{ message.role }}\n{{ message.content }}<|im_end|>\n{% endfor %}"
                + "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"), "<s>");
        assertEquals("model", t.description());
        assertEquals("<s><|im_start|>system\nbe brief<|im_end|>\n<|im_start|>user\nhi<|im_end|>\n"
                + "<|im_start|>assistant\n", t.render(CONVERSATION));
    }

    @Test
    void complexTemplatesFallBackToPlain() {
        ChatTemplate t = ChatTemplate.from(Optional.of("{% for m in messages %}{% if m['role'] == 'user' %}"
                + "[INST] {{ m['content'] }} [/INST]{% else %}{{ m['content'] }}{% endif %}{% endfor %}"), "<s>");
        assertEquals("plain", t.description());
        assertEquals("system: be brief\nuser: hi\nassistant:", t.render(CONVERSATION));
        assertEquals("plain", ChatTemplate.from(Optional.empty(), null).description());
    }
}
