package io.hybridllm.heavy.decoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** Qwen2.5-Instruct's template (tools branch shortened), as tokenizer_config.json holds it. */
    private static final String QWEN25 = "{%- if tools %}\n    {{- '<|im_start|>system\\n' }}\n"
            + "    {%- for tool in tools %}{{- tool | tojson }}{%- endfor %}\n{%- else %}\n"
            + "    {%- if messages[0]['role'] == 'system' %}\n"
            + "        {{- '<|im_start|>system\\n' + messages[0]['content'] + '<|im_end|>\\n' }}\n"
            + "    {%- else %}\n"
            + "        {{- '<|im_start|>system\\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant."
            + "<|im_end|>\\n' }}\n    {%- endif %}\n{%- endif %}\n{%- for message in messages %}\n"
            + "    {%- if (message.role == \"user\") or (message.role == \"system\" and not loop.first) %}\n"
            + "        {{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>' + '\\n' }}\n"
            + "    {%- endif %}\n{%- endfor %}\n{%- if add_generation_prompt %}\n"
            + "    {{- '<|im_start|>assistant\\n' }}\n{%- endif %}\n";

    @Test
    void chatMlFamilyKeepsTheTemplatesDefaultSystemPrompt() {
        ChatTemplate t = ChatTemplate.from(Optional.of(QWEN25), null);
        assertEquals("ChatML family", t.description());
        assertEquals("<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant."
                + "<|im_end|>\n<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n",
                t.render(List.of(ChatMessage.user("hi"))));
        assertEquals("<|im_start|>system\nbe brief<|im_end|>\n<|im_start|>user\nhi<|im_end|>\n"
                + "<|im_start|>assistant\n", t.render(CONVERSATION));
    }

    @Test
    void llama3Family() {
        ChatTemplate t = ChatTemplate.from(Optional.of("{{- bos_token }}{%- for message in messages %}"
                + "{%- if message['role'] == 'system' %}{{- '<|start_header_id|>system<|end_header_id|>\\n\\n' }}"
                + "{%- endif %}{{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' + "
                + "message['content'] | trim + '<|eot_id|>' }}{%- endfor %}{%- if add_generation_prompt %}"
                + "{{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{%- endif %}"), "<|begin_of_text|>");
        assertEquals("Llama 3 family", t.description());
        assertEquals("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nbe brief<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nhi<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n", t.render(CONVERSATION));
        assertTrue(t.rendersBos());
    }
}
