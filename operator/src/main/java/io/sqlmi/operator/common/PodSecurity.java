package io.sqlmi.operator.common;

import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;

/** Security contexts that pass the Pod Security Standards' "restricted" profile. */
public final class PodSecurity {

    private PodSecurity() {
    }

    public static PodSecurityContext restrictedPod() {
        return new PodSecurityContextBuilder().withRunAsNonRoot(true).withNewSeccompProfile()
                .withType("RuntimeDefault").endSeccompProfile().build();
    }

    /** The engine needs a group that owns its data volume: the official image runs as user and group 10001. */
    public static PodSecurityContext restrictedPod(long fsGroup) {
        return new PodSecurityContextBuilder(restrictedPod()).withFsGroup(fsGroup).withRunAsUser(fsGroup)
                .withRunAsGroup(fsGroup).build();
    }

    public static SecurityContext restrictedContainer() {
        return new SecurityContextBuilder().withAllowPrivilegeEscalation(false).withNewCapabilities()
                .withDrop("ALL").endCapabilities().build();
    }
}
