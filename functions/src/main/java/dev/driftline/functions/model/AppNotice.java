package dev.driftline.functions.model;

/** An application that failed ({@code mm-app-failed}) or chose to skip a window ({@code mm-app-skipped}), with why. */
public class AppNotice {
    public static final String FAILED = "mm-app-failed";
    public static final String SKIPPED = "mm-app-skipped";

    public String kind;
    public String endpointId;
    public String project;
    public String application;
    public long windowStart;
    public long windowEnd;
    public String message;

    public AppNotice() {}

    public AppNotice(String kind, String endpointId, String project, String application, long windowStart, long windowEnd, String message) {
        this.kind = kind;
        this.endpointId = endpointId;
        this.project = project;
        this.application = application;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.message = message;
    }
}
