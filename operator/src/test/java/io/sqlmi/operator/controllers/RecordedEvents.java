package io.sqlmi.operator.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/** The Events the operator would record, kept in a list instead of being sent. */
final class RecordedEvents extends EventRecorder {

    final List<String> recorded = new ArrayList<>();

    RecordedEvents() {
        super(null);
    }

    @Override
    public void normal(HasMetadata regarding, String reason, String note) {
        recorded.add("Normal " + regarding.getMetadata().getName() + " " + reason + ": " + note);
    }

    @Override
    public void warning(HasMetadata regarding, String reason, String note) {
        recorded.add("Warning " + regarding.getMetadata().getName() + " " + reason + ": " + note);
    }
}
