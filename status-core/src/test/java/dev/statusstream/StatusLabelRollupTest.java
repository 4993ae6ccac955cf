package dev.statusstream;

import static dev.statusstream.Status.DEGRADED;
import static dev.statusstream.Status.MAINTENANCE;
import static dev.statusstream.Status.OPERATIONAL;
import static dev.statusstream.Status.OUTAGE;
import static dev.statusstream.Status.UNKNOWN;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StatusLabelRollupTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(List.of(), StatusLabel.UNKNOWN),
                Arguments.of(List.of(OPERATIONAL), StatusLabel.OPERATIONAL),
                Arguments.of(List.of(OPERATIONAL, OPERATIONAL), StatusLabel.OPERATIONAL),
                Arguments.of(List.of(OPERATIONAL, OUTAGE), StatusLabel.OUTAGE),
                Arguments.of(List.of(MAINTENANCE, OUTAGE), StatusLabel.OUTAGE),
                Arguments.of(List.of(MAINTENANCE, MAINTENANCE, OUTAGE), StatusLabel.OUTAGE),
                Arguments.of(List.of(DEGRADED, OUTAGE, UNKNOWN), StatusLabel.OUTAGE),
                Arguments.of(List.of(DEGRADED), StatusLabel.DEGRADED),
                Arguments.of(List.of(DEGRADED, DEGRADED), StatusLabel.DEGRADED),
                Arguments.of(List.of(DEGRADED, OPERATIONAL), StatusLabel.PARTIALLY_DEGRADED),
                Arguments.of(List.of(DEGRADED, MAINTENANCE), StatusLabel.PARTIALLY_DEGRADED),
                Arguments.of(List.of(MAINTENANCE), StatusLabel.MAINTENANCE),
                Arguments.of(List.of(MAINTENANCE, OPERATIONAL), StatusLabel.PARTIALLY_MAINTENANCE),
                Arguments.of(List.of(MAINTENANCE, UNKNOWN), StatusLabel.PARTIALLY_MAINTENANCE),
                Arguments.of(List.of(OPERATIONAL, UNKNOWN), StatusLabel.UNKNOWN),
                Arguments.of(List.of(UNKNOWN), StatusLabel.UNKNOWN));
    }

    @ParameterizedTest(name = "{0} rolls up to {1}")
    @MethodSource("cases")
    void rollup_follows_the_spec_table(List<Status> statuses, StatusLabel expected) {
        assertEquals(expected, StatusLabel.rollup(statuses));
    }
}
