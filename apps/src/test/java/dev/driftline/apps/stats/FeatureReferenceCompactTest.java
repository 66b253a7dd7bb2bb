package dev.driftline.apps.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftline.apps.EndpointInfo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A compacted reference is the same reference: equal lists, the same JSON, the same numbers, only held unboxed. */
class FeatureReferenceCompactTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String DEFINITION = """
            {"id": "ep-1", "feature_names": ["age", "plan", "score"],
             "feature_stats": {
               "age":   {"count": 4, "mean": 30.5, "hist": [[1, 2, 1], [18.0, 25.5, 40.0, 61.25]]},
               "plan":  {"count": 3, "hist": [[2, 1], ["basic", "premium"]]},
               "score": {"hist": [[0.5, 1.5], [0, 1, 2]]},
               "big":   {"hist": [[12345678901, 1], [1.0, 2.0, 3.0]]},
               "mixed": {"hist": [[1, 2.5], [0.0, 1.0, 2.0]]}}}""";

    @Test
    void compactListsEqualTheParsedOnesAndWriteTheSameJson() throws Exception {
        EndpointInfo parsed = JSON.readValue(DEFINITION, EndpointInfo.class);
        EndpointInfo compact = JSON.readValue(DEFINITION, EndpointInfo.class).compact();

        for (String column : parsed.featureStats.keySet()) {
            FeatureReference before = parsed.featureStats.get(column);
            FeatureReference after = compact.featureStats.get(column);
            assertThat(after.hist).as(column).isEqualTo(before.hist);
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < before.hist.get(i).size(); j++) {
                    assertThat(after.hist.get(i).get(j)).as("%s[%d][%d] keeps its type", column, i, j)
                            .isExactlyInstanceOf(before.hist.get(i).get(j).getClass());
                }
            }
            assertThat(after.problem()).isEqualTo(before.problem());
            assertThat(after.isCategorical()).isEqualTo(before.isCategorical());
        }
        assertThat(JSON.writeValueAsString(compact)).isEqualTo(JSON.writeValueAsString(parsed));
        assertThat(compact.featureStats.get("age").counts()).containsExactly(1, 2, 1);
        assertThat(compact.featureStats.get("age").edges()).containsExactly(18.0, 25.5, 40.0, 61.25);
        assertThat(compact.featureStats.get("big").hist.get(0).get(0)).isEqualTo(12345678901L);
    }

    @Test
    void onlyListsOfOneNumberTypeAreCompacted() throws Exception {
        EndpointInfo compact = JSON.readValue(DEFINITION, EndpointInfo.class).compact();
        assertThat(compact.featureStats.get("age").hist.get(0)).isInstanceOf(NumberList.class);
        assertThat(compact.featureStats.get("age").hist.get(1)).isInstanceOf(NumberList.class);
        assertThat(compact.featureStats.get("plan").hist.get(1)).as("categories").isNotInstanceOf(NumberList.class);
        assertThat(compact.featureStats.get("mixed").hist.get(0)).as("an int and a double").isNotInstanceOf(NumberList.class);
        List<Object> withNull = new ArrayList<>(List.of(1.0));
        withNull.add(null);
        assertThat(NumberList.of(withNull)).isSameAs(withNull);
    }

    @Test
    void aCompactReferenceCannotBeChanged() throws Exception {
        FeatureReference age = JSON.readValue(DEFINITION, EndpointInfo.class).compact().featureStats.get("age");
        assertThatThrownBy(() -> age.hist.get(0).set(0, 5)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> age.hist.get(1).add(70.0)).isInstanceOf(UnsupportedOperationException.class);
    }
}
