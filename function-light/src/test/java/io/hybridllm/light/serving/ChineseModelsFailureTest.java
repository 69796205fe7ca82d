package io.hybridllm.light.serving;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.core.model.ModelLoadException;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Chinese load failures caught before any native library is touched, named by their zh keys. */
class ChineseModelsFailureTest {

    final ObjectMapper mapper = new ObjectMapper();

    @Test
    void missingChineseResourcesAndBadChineseThresholdFailTheLoad() {
        assertThrows(ModelLoadException.class, () -> LightModelsFailureTest.models(new ChineseSettings(true, "kb/nope.json",
                "kb/banking77-answers-zh.json", OptionalDouble.empty()).withShippedEnglish(), mapper).loadChinese());
        assertThrows(ModelLoadException.class, () -> LightModelsFailureTest.models(new ChineseSettings(true,
                "kb/banking77-zh-head.json", "kb/nope.json", OptionalDouble.empty()).withShippedEnglish(), mapper)
                .loadChinese());
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> LightModelsFailureTest.models(new ChineseSettings(true,
                "kb/banking77-zh-head.json", "kb/banking77-answers-zh.json", OptionalDouble.of(-0.1))
                .withShippedEnglish(), mapper).loadChinese());
        assertTrue(e.getMessage().contains("hybrid.light.zh.confidence-threshold"), e.getMessage());
    }
}
