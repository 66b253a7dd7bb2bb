package dev.driftline.functions.model;

/** A failed request (an event with {@code error}): counted per endpoint, never a monitoring record. */
public class InferenceError {
    public String endpointId;
    public String project;
    public String model;
    public String functionUri;
    public String requestId;
    /** Event time, epoch ms. */
    public long timestamp;
    public String error;
    /** First token of the error (e.g. the exception class), for grouping. */
    public String errorType;

    public InferenceError() {}
}
