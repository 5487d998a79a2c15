package dev.converge.provider.aws.cloudwatch;

import dev.converge.provider.PlanChecked;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What CloudWatch refuses in an alarm that the schema cannot say by itself, checked at plan time on
 * the resolved values (so a variable or a reference is checked too), before anything is written:
 * a period that is not 10, 30 or a multiple of 60 seconds; more datapoints to alarm than periods
 * evaluated; more than 30 dimensions. Reads nothing.
 */
final class AlarmRules {

    /** PutMetricAlarm accepts up to 30 dimensions. */
    static final int MAX_DIMENSIONS = 30;

    private AlarmRules() {
    }

    static List<PlanChecked.Problem> check(PlanChecked.Planned planned) {
        List<PlanChecked.Problem> out = new ArrayList<>();
        Map<String, Object> p = planned.desired();
        if (planned.sets("periodSeconds") && p.get("periodSeconds") instanceof Number period && !validPeriod(period.longValue())) {
            out.add(new PlanChecked.Problem(planned.address(), "periodSeconds", "periodSeconds " + period
                    + " is not a period CloudWatch accepts: 10, 30 or a multiple of 60",
                    "use 60 (one minute, the standard resolution) or a multiple of it; 10 and 30 need a high-resolution metric"));
        }
        if ((planned.sets("datapointsToAlarm") || planned.sets("evaluationPeriods"))
                && p.get("datapointsToAlarm") instanceof Number datapoints && p.get("evaluationPeriods") instanceof Number periods
                && datapoints.longValue() > periods.longValue()) {
            out.add(new PlanChecked.Problem(planned.address(), "datapointsToAlarm", "datapointsToAlarm " + datapoints
                    + " is more than evaluationPeriods " + periods + ": the alarm could never go off",
                    "alarm on M out of N periods needs M ≤ N"));
        }
        if (planned.sets("dimensions") && p.get("dimensions") instanceof Map<?, ?> dimensions && dimensions.size() > MAX_DIMENSIONS) {
            out.add(new PlanChecked.Problem(planned.address(), "dimensions", dimensions.size()
                    + " dimensions: a metric has at most " + MAX_DIMENSIONS, null));
        }
        return out;
    }

    /** 10 and 30 seconds (high-resolution metrics) or whole minutes. */
    static boolean validPeriod(long seconds) {
        return seconds == 10 || seconds == 30 || (seconds >= 60 && seconds % 60 == 0);
    }
}
