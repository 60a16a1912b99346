package io.sqlmi.operator.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class EngineOverride {

    @JsonPropertyDescription("Engine image implementing the engine container contract (docs/engine-contract.md), e.g. mcr.microsoft.com/mssql/server:2022-latest.")
    private String image;

    @JsonPropertyDescription("Resources of the engine container; absent means the operator defaults (sqlmi.engine.cpu-request and memory-request).")
    private ResourceRequirements resources;

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public ResourceRequirements getResources() {
        return resources;
    }

    public void setResources(ResourceRequirements resources) {
        this.resources = resources;
    }
}
