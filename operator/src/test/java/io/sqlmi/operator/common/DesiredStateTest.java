package io.sqlmi.operator.common;

import static io.sqlmi.operator.testing.Fixtures.managedInstance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.SSABasedGenericKubernetesResourceMatcher;
import io.sqlmi.operator.certificates.CertificatePlan;
import io.sqlmi.operator.certificates.IssuedCertificate;
import io.sqlmi.operator.certificates.Pki;
import io.sqlmi.operator.certificates.TlsSecrets;
import io.sqlmi.operator.config.OperatorConfig;
import io.sqlmi.operator.crds.v1alpha1.Endpoint;
import io.sqlmi.operator.crds.v1alpha1.EndpointStatus;
import io.sqlmi.operator.crds.v1alpha1.EndpointType;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.crds.v1alpha1.SecurityRule.Access;
import io.sqlmi.operator.crds.v1alpha1.SecurityRule.Protocol;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.endpoint.EndpointBuilder;
import io.sqlmi.operator.gateway.GatewayBuilder;
import io.sqlmi.operator.gateway.RoutingTable;
import io.sqlmi.operator.instance.EngineServicesBuilder;
import io.sqlmi.operator.instance.EngineStatefulSetBuilder;
import io.sqlmi.operator.instance.InstanceModel;
import io.sqlmi.operator.instance.InstanceSecretsBuilder;
import io.sqlmi.operator.network.EffectiveSecurityRules;
import io.sqlmi.operator.network.NetworkPolicyCompiler;
import io.sqlmi.operator.network.PlatformPolicies;
import io.sqlmi.operator.network.ServiceTags;
import io.sqlmi.operator.testing.Fixtures;
import io.sqlmi.operator.testing.LocalApiServer;
import io.sqlmi.operator.testing.TestConfigs;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link DesiredState}, Java Operator SDK's server-side-apply matcher with its one correction, on a real
 * kube-apiserver: what the API server does (defaults, canonical quantities, managedFields after the operator's apply
 * and after someone else's edit) is real here. Every case applies the desired child as the operator does (forced
 * server-side apply under its field manager), lets someone else change it or not, asks whether a write is needed,
 * and, when one is, checks that the operator's write really brings the desired state back (no endless writes).
 * docs/design.md section 3 explains the cases; one API server serves the whole class.
 */
class DesiredStateTest {

    static final String PRIMARY_HOST = "mi1.primary.a1b2c3d4e5f6.database.windows.net";

    static final String NS = "matcher";
    static final String PREVIOUS = "javaoperatorsdk.io/previous";
    static LocalApiServer api;
    static Context<?> context;

    final ManagedInstance owner = managedInstance("mi1");

    @BeforeAll
    static void startApiServer() {
        api = LocalApiServer.startWithCrds();
        api.createNamespace(NS, Map.of());
        context = contextOf(api.client());
    }

    @AfterAll
    static void stopApiServer() {
        if (api != null) {
            api.close();
        }
    }

    // ---- the operator's side: what it applies, how it writes, how it compares ----

    /** The two things the SDK's matcher reads from a reconcile's context: the field manager and the client. */
    static Context<?> contextOf(KubernetesClient client) {
        ControllerConfiguration<?> configuration = (ControllerConfiguration<?>) Proxy.newProxyInstance(
                DesiredStateTest.class.getClassLoader(), new Class<?>[]{ControllerConfiguration.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("fieldManager")) {
                        return DesiredState.FIELD_MANAGER;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return (Context<?>) Proxy.newProxyInstance(DesiredStateTest.class.getClassLoader(),
                new Class<?>[]{Context.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getControllerConfiguration" -> configuration;
                    case "getClient" -> client;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A child of the instance in the test namespace, named uniquely so that cases never share one. */
    <T extends HasMetadata> T child(T object) {
        object.getMetadata().setNamespace(NS);
        object.getMetadata().setName(object.getMetadata().getName() + "-" + UUID.randomUUID().toString().substring(0, 6));
        Owners.setController(object, owner);
        return object;
    }

    @SuppressWarnings("unchecked")
    static <T extends HasMetadata> T copy(T object) {
        return (T) api.client().getKubernetesSerialization().clone(object);
    }

    /** The operator's write: a forced server-side apply under its field manager, with JOSDK's bookkeeping annotation. */
    static <T extends HasMetadata> T apply(T desired) {
        T copy = copy(desired);
        copy.getMetadata().getAnnotations().put(PREVIOUS, UUID.randomUUID() + ",1");
        return api.client().resource(copy).fieldManager(DesiredState.FIELD_MANAGER).forceConflicts().serverSideApply();
    }

    /** As the dependents write: apply, and replace when the apply is refused with 422 (someone changed a list key). */
    static <T extends HasMetadata> T write(T desired) {
        try {
            return apply(desired);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 422) {
                throw e;
            }
            T current = api.client().resource(desired).get();
            T replacement = copy(desired);
            replacement.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
            replacement.getMetadata().setAnnotations(new HashMap<>(current.getMetadata().getAnnotations()));
            return api.client().resource(replacement).update();
        }
    }

    /**
     * Someone else's edit, as kubectl edit makes it under its own field manager: a strategic merge patch, or a merge
     * patch for a custom resource.
     */
    static <T extends HasMetadata> T editedBySomeoneElse(T actual, String patch) {
        PatchType type = actual.getApiVersion().startsWith("sqlmi.io/") ? PatchType.JSON_MERGE : PatchType.STRATEGIC_MERGE;
        return api.client().resource(actual).patch(new PatchContext.Builder().withPatchType(type)
                .withFieldManager("kubectl-edit").build(), patch);
    }

    /** The comparison SqlMiDependentResource makes: JOSDK's bookkeeping annotation carried over, then the matcher. */
    static boolean satisfied(HasMetadata desired, HasMetadata actual) {
        HasMetadata compared = copy(desired);
        String previous = actual.getMetadata().getAnnotations() == null ? null : actual.getMetadata().getAnnotations().get(PREVIOUS);
        if (previous != null) {
            compared.getMetadata().getAnnotations().put(PREVIOUS, previous);
        }
        return DesiredState.matcher().matches(actual, compared, context);
    }

    /** Drift: a write is asked for, and after the operator's write the child is the desired one again. */
    static void assertUndone(HasMetadata desired, HasMetadata drifted) {
        assertThat(satisfied(desired, drifted)).as("the edit is noticed").isFalse();
        assertThat(satisfied(desired, write(desired))).as("the operator's write undoes it").isTrue();
    }

    /** Not drift: no write is asked for. */
    static void assertLeftAlone(HasMetadata desired, HasMetadata actual) {
        assertThat(satisfied(desired, actual)).isTrue();
    }

    static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    static final OperatorConfig CONFIG = TestConfigs.shipped();
    static final IssuedCertificate CA = Pki.newAuthority("test CA", Duration.ofDays(30), Instant.now());
    static final String CA_PEM = CA.certificatePem();

    StatefulSet engine(ManagedInstance mi) {
        return child(EngineStatefulSetBuilder.build(model(mi), CONFIG, null));
    }

    static InstanceModel model(ManagedInstance mi) {
        return new InstanceModel(mi, "mi1.a1b2c3d4e5f6.database.windows.net", 11000, "mi1-admin", "password", "x", null);
    }

    /** The same instance (same uid): the owner of the children. */
    ManagedInstance sameInstance() {
        ManagedInstance mi = managedInstance("mi1");
        mi.getMetadata().setUid(owner.getMetadata().getUid());
        return mi;
    }

    static NetworkPolicy internalIn() {
        var vc = Fixtures.virtualCluster();
        var compiled = new NetworkPolicyCompiler(new ServiceTags(CONFIG.serviceTags()))
                .compile(vc, EffectiveSecurityRules.of(vc.getSpec()), List.of("vnet-a"));
        return compiled.policies().stream().filter(p -> p.getMetadata().getName().equals("vc1-mi-internal-in")).findFirst().orElseThrow();
    }

    // ---- at rest: nothing to write ----

    @Test
    void everyKindOfChildIsSatisfiedAsTheApiServerStoresIt() {
        VirtualCluster vc = Fixtures.withRules(Fixtures.virtualCluster(),
                Fixtures.inbound("public_endpoint_inbound", 1300, Access.Allow, Protocol.Tcp, "Internet", "3342"),
                Fixtures.inbound("anything", 1400, Access.Allow, Protocol.Any, "VirtualNetwork", "*"),
                Fixtures.outbound("no_web", 1500, Access.Deny, Protocol.Tcp, "Internet", "80", "443"));
        List<HasMetadata> children = new ArrayList<>();
        children.add(EngineServicesBuilder.primary(owner, PRIMARY_HOST, 11003, true));
        children.add(EngineServicesBuilder.headless(owner));
        children.add(EngineStatefulSetBuilder.build(model(owner), CONFIG, null));
        children.add(InstanceSecretsBuilder.engineCredentials(owner));
        children.add(InstanceSecretsBuilder.connection(owner, "mi1.a1b2c3d4e5f6.database.windows.net", "pw", CA_PEM, new byte[] {1, 2}));
        children.add(EndpointBuilder.vnetLocal(owner));
        children.add(TlsSecrets.server(owner, "mi1-engine-tls", TlsSecrets.ENGINE_COMPONENT, Pki.issue(CA,
                CertificatePlan.engine(owner, "mi1.a1b2c3d4e5f6.database.windows.net", "cluster.local", Duration.ofDays(9)),
                Instant.now()), CA_PEM));
        children.add(GatewayBuilder.deployment(vc, 2, CONFIG.gateway(), CONFIG.certificates()));
        children.add(GatewayBuilder.service(vc));
        children.add(GatewayBuilder.routes(vc, new RoutingTable("vc1", "a1b2c3d4e5f6", "database.windows.net", List.of())));
        children.addAll(new NetworkPolicyCompiler(new ServiceTags(CONFIG.serviceTags()))
                .compile(vc, EffectiveSecurityRules.of(vc.getSpec()), List.of("vnet-a")).policies());
        children.add(PlatformPolicies.platformDns(vc));
        children.add(PlatformPolicies.privateEndpointAccess(vc, List.of("vnet-b-apps")));
        Endpoint pe = Fixtures.endpoint("mi1-pe", "vnet-b-apps", EndpointType.Private, "mi1", Fixtures.NAMESPACE);
        children.add(EndpointBuilder.privateService(pe));
        children.add(EndpointBuilder.privateSlice(pe, List.of("10.244.1.7", "10.244.2.9")));
        Endpoint pub = Fixtures.endpoint("mi1-public", Fixtures.NAMESPACE, EndpointType.Public, "mi1", null);
        children.add(EndpointBuilder.publicService(pub, vc));

        assertThat(children).hasSizeGreaterThan(20).allSatisfy(each -> {
            HasMetadata desired = child(each);
            assertThat(satisfied(desired, apply(desired))).as("%s %s", desired.getKind(), desired.getMetadata().getName()).isTrue();
        });
    }

    @Test
    void emptyDesiredListsMatchAbsentOnes() {
        NetworkPolicy desired = child(new NetworkPolicyBuilder().withNewMetadata().withName("p").endMetadata()
                .withNewSpec().withNewPodSelector().endPodSelector().withPolicyTypes("Ingress")
                .addNewIngress().withPorts(List.of()).endIngress().endSpec().build());

        assertLeftAlone(desired, apply(desired));
    }

    @Test
    void containerQuantitiesTheServerWritesCanonicallyAreTheSame() {
        StatefulSet desired = child(EngineStatefulSetBuilder.build(model(owner), TestConfigs.shipped(Map.of(
                "sqlmi.engine.cpu-request", "0.5", "sqlmi.engine.memory-request", "2048Mi")), null));

        StatefulSet stored = apply(desired);

        assertThat(stored.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getRequests())
                .as("stored canonically").hasToString("{cpu=500m, memory=2Gi}");
        assertLeftAlone(desired, stored);
    }

    @Test
    void aClaimTemplateKeptAsItExistsIsSatisfiedWhateverNotationItsSizeHad() {
        ManagedInstance big = sameInstance();
        big.getSpec().setStorageSizeInGB(1024);
        StatefulSet created = apply(engine(big));
        // EngineStatefulSetDependentResource: claim templates cannot change, so they are desired as they exist.
        StatefulSet desired = EngineStatefulSetBuilder.build(model(big), CONFIG, created.getSpec().getVolumeClaimTemplates());
        desired.getMetadata().setName(created.getMetadata().getName());
        desired.getMetadata().setNamespace(NS);
        Owners.setController(desired, owner);

        assertThat(created.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources().getRequests().get("storage"))
                .hasToString("1Ti");
        assertLeftAlone(desired, created);
    }

    /**
     * The SDK's one flaw a child could meet: it canonicalizes quantities in pod templates only. A claim template
     * desired as 1024Gi, which the API server stores as 1Ti, would be written on every reconcile; keeping claim
     * templates as they exist (the case above) is what keeps the engine StatefulSet clear of it.
     */
    @Test
    void aClaimTemplateDesiredInAnotherNotationThanStoredWouldBeWrittenOnEveryReconcile() {
        ManagedInstance big = sameInstance();
        big.getSpec().setStorageSizeInGB(1024);
        StatefulSet desired = engine(big);

        assertThat(satisfied(desired, apply(desired))).isFalse();
        assertThat(satisfied(desired, apply(desired))).as("and again after the write").isFalse();
    }

    @Test
    void statusWrittenByTheWorkloadsControllerIsNotTheOperatorsBusiness() {
        StatefulSet desired = engine(owner);
        StatefulSet stored = apply(desired);
        StatefulSet withStatus = api.client().resource(stored).subresource("status").patch(new PatchContext.Builder()
                .withPatchType(PatchType.JSON_MERGE).withFieldManager("kube-controller-manager").build(),
                json("{'status':{'replicas':1,'readyReplicas':1,'availableReplicas':1}}"));

        assertThat(withStatus.getStatus().getReadyReplicas()).isEqualTo(1);
        assertLeftAlone(desired, withStatus);
    }

    /**
     * What DesiredState corrects: the VNet-local Endpoint is a child of its instance and has a status its own
     * reconciler writes, by server-side apply under the same field manager. The SDK's matcher refuses an object with
     * two Apply entries of one manager; DesiredState compares the object's own entry.
     */
    @Test
    void aChildWhoseStatusTheOperatorAlsoAppliesIsComparedByItsObjectsEntry() {
        Endpoint desired = child(EndpointBuilder.vnetLocal(owner));
        Endpoint stored = apply(desired);
        Endpoint status = new Endpoint();
        status.getMetadata().setName(stored.getMetadata().getName());
        status.getMetadata().setNamespace(NS);
        status.setStatus(new EndpointStatus());
        status.getStatus().setHost("mi1.a1b2c3d4e5f6.database.windows.net");
        Endpoint withStatus = api.client().resource(status).subresource("status").patch(new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY).withFieldManager(DesiredState.FIELD_MANAGER).withForce(true).build());

        assertThat(withStatus.getMetadata().getManagedFields()).filteredOn(e -> DesiredState.FIELD_MANAGER.equals(e.getManager()))
                .extracting(e -> e.getOperation() + "/" + e.getSubresource()).containsExactlyInAnyOrder("Apply/null", "Apply/status");
        assertThatThrownBy(() -> SSABasedGenericKubernetesResourceMatcher.<Endpoint>getInstance().matches(withStatus, copy(desired), context))
                .hasMessageContaining("More than one field manager exists with name: sqlmi-operator");
        assertLeftAlone(desired, withStatus);
        assertThat(withStatus.getMetadata().getManagedFields()).as("the informer's object is not changed").hasSize(2);
        assertUndone(desired, editedBySomeoneElse(withStatus, json("{'metadata':{'labels':{'app.kubernetes.io/component':'hacked'}}}")));
    }

    // ---- what others add: left alone ----

    @Test
    void labelsAnnotationsAndOwnerReferencesOthersAddAreAllowed() {
        Service desired = child(EngineServicesBuilder.primary(owner, PRIMARY_HOST, 11003, true));
        Service edited = editedBySomeoneElse(apply(desired), json("{'metadata':{'labels':{'team':'dba'},'annotations':{'note':'x'},"
                + "'ownerReferences':[{'apiVersion':'v1','kind':'ConfigMap','name':'other','uid':'0000-other'}]}}"));

        assertThat(edited.getMetadata().getOwnerReferences()).hasSize(2);
        assertLeftAlone(desired, edited);
    }

    /**
     * An item someone else adds to a keyed list (a Service port, a container's environment variable, a ConfigMap key)
     * is theirs: the operator's apply could not take it away, so asking for a write would write on every reconcile.
     */
    @Test
    void itemsOthersAddToKeyedListsAreTheirs() {
        Service service = child(EngineServicesBuilder.primary(owner, PRIMARY_HOST, 11003, true));
        StatefulSet engine = engine(owner);
        ConfigMap routes = child(GatewayBuilder.routes(Fixtures.virtualCluster(), new RoutingTable("vc1", "a1b2c3d4e5f6", "x", List.of())));

        assertLeftAlone(service, editedBySomeoneElse(apply(service), json("{'spec':{'ports':[{'name':'extra','port':8080,'protocol':'TCP'}]}}")));
        assertLeftAlone(engine, editedBySomeoneElse(apply(engine),
                json("{'spec':{'template':{'spec':{'containers':[{'name':'engine','env':[{'name':'EXTRA','value':'1'}]}]}}}}")));
        assertLeftAlone(routes, editedBySomeoneElse(apply(routes), json("{'data':{'extra':'1'}}")));
    }

    // ---- drift: noticed and undone ----

    @Test
    void aChangedOwnedFieldIsNoticedAndUndone() {
        Service service = child(EngineServicesBuilder.primary(owner, PRIMARY_HOST, 11003, true));
        StatefulSet engine = engine(owner);
        Secret connection = child(InstanceSecretsBuilder.connection(owner, "mi1.a1b2c3d4e5f6.database.windows.net", "pw", CA_PEM, new byte[] {1, 2}));
        Deployment gateway = child(GatewayBuilder.deployment(Fixtures.virtualCluster(), 2, CONFIG.gateway(), CONFIG.certificates()));
        ConfigMap routes = child(GatewayBuilder.routes(Fixtures.virtualCluster(), new RoutingTable("vc1", "a1b2c3d4e5f6", "x", List.of())));

        assertUndone(service, editedBySomeoneElse(apply(service), json("{'spec':{'selector':{'statefulset.kubernetes.io/pod-name':'mi1-1'}}}")));
        assertUndone(service, editedBySomeoneElse(apply(service), json("{'metadata':{'labels':{'app.kubernetes.io/component':'hacked'}}}")));
        assertUndone(engine, editedBySomeoneElse(apply(engine), json("{'spec':{'replicas':3}}")));
        assertUndone(engine, editedBySomeoneElse(apply(engine),
                json("{'spec':{'template':{'spec':{'containers':[{'name':'engine','image':'other:1'}]}}}}")));
        assertUndone(connection, editedBySomeoneElse(apply(connection), json("{'data':{'host':'aGFja2Vk'}}")));
        assertUndone(gateway, editedBySomeoneElse(apply(gateway), json("{'spec':{'replicas':5}}")));
        assertUndone(routes, editedBySomeoneElse(apply(routes), json("{'data':{'routes.json':'{}'}}")));
        assertThat(api.client().resource(service).get().getSpec().getSelector()).isEqualTo(service.getSpec().getSelector());
        assertThat(api.client().resource(engine).get().getSpec().getReplicas()).isEqualTo(1);
    }

    @Test
    void aRemovedOwnedFieldOrListItemIsNoticedAndRestored() {
        Service service = child(EngineServicesBuilder.primary(owner, PRIMARY_HOST, 11003, true));

        assertUndone(service, editedBySomeoneElse(apply(service), json("{'metadata':{'labels':{'app.kubernetes.io/component':null}}}")));
        assertUndone(service, editedBySomeoneElse(apply(service), json("{'spec':{'ports':[{'port':11003,'$patch':'delete'}]}}")));
        assertUndone(service, editedBySomeoneElse(apply(service), json("{'spec':{'selector':null}}")));
        assertThat(api.client().resource(service).get().getSpec().getPorts()).extracting(p -> p.getPort())
                .containsExactly(1433, 11003);
    }

    /** A changed list key (the redirect port) makes the apply keep both items, which is invalid: the dependent replaces. */
    @Test
    void aChangedListKeyIsNoticedAndReplaced() {
        Service service = child(EngineServicesBuilder.primary(owner, PRIMARY_HOST, 11003, true));
        Service edited = editedBySomeoneElse(apply(service), json("{'spec':{'ports':[{'port':11003,'$patch':'delete'},"
                + "{'name':'redirect','port':11004,'targetPort':'tds','protocol':'TCP'}]}}"));

        assertThat(satisfied(service, edited)).isFalse();
        assertThat(api.client().resource(write(service)).get().getSpec().getPorts()).extracting(p -> p.getPort())
                .containsExactly(1433, 11003);
        assertThat(satisfied(service, write(service))).as("the next write is an apply again, and then all is quiet").isTrue();
        assertThat(satisfied(service, api.client().resource(service).get())).isTrue();
    }

    @Test
    void aNumberIsNotTheSameAsANamedPort() {
        Service desired = child(EndpointBuilder.privateService(Fixtures.endpoint("mi1-pe", "vnet-b-apps", EndpointType.Private,
                "mi1", Fixtures.NAMESPACE)));
        assertThat(desired.getSpec().getPorts().get(0).getTargetPort()).isEqualTo(new IntOrString(1435));

        assertUndone(desired, editedBySomeoneElse(apply(desired), json("{'spec':{'ports':[{'port':1433,'targetPort':'tds'}]}}")));
        assertThat(api.client().resource(desired).get().getSpec().getPorts().get(0).getTargetPort()).isEqualTo(new IntOrString(1435));
    }

    @Test
    void ownershipMustAgreeBothWays() {
        Service owned = child(EngineServicesBuilder.primary(owner, PRIMARY_HOST, 11003, true));
        Service detached = copy(owned);
        detached.getMetadata().setOwnerReferences(new ArrayList<>());

        assertUndone(detached, apply(owned));
        assertThat(api.client().resource(owned).get().getMetadata().getOwnerReferences()).as("detach-on-delete").isEmpty();
        assertUndone(owned, api.client().resource(owned).get());
        assertThat(api.client().resource(owned).get().getMetadata().getOwnerReferences()).as("adopted")
                .containsExactly(new OwnerReferenceBuilder().withApiVersion("sqlmi.io/v1alpha1").withKind("ManagedInstance")
                        .withName("mi1").withUid(owner.getMetadata().getUid()).withController(true).build());
    }

    /**
     * In a NetworkPolicy an empty selector or an absent port list means "everything": narrowing one adds fields. The
     * selectors and rule lists are atomic, so whoever edits them owns them whole, and the operator's apply takes them
     * back whole.
     */
    @Test
    void narrowingAPolicysEmptySelectorIsUndone() {
        NetworkPolicy desired = child(internalIn());
        NetworkPolicy stored = apply(desired);

        assertUndone(desired, editedBySomeoneElse(stored, json("{'spec':{'podSelector':{'matchLabels':{'app':'nothing'}}}}")));
        // As DriftIT edits: a JSON patch of the peer's selector.
        NetworkPolicy narrowedPeer = api.client().network().networkPolicies().inNamespace(NS).withName(desired.getMetadata().getName())
                .edit(p -> {
                    p.getSpec().getIngress().get(0).getFrom().get(0).setPodSelector(new LabelSelectorBuilder()
                            .addToMatchLabels("app", "nothing").build());
                    return p;
                });
        assertUndone(desired, narrowedPeer);
        assertThat(api.client().resource(desired).get().getSpec()).isEqualTo(stored.getSpec());
    }

    @Test
    void aPortRestrictionAddedToAnAllPortsRuleIsUndone() {
        NetworkPolicy desired = child(internalIn());
        NetworkPolicy stored = apply(desired);
        assertThat(stored.getSpec().getIngress().get(0).getPorts()).as("all ports").isEmpty();
        String ingress = api.client().getKubernetesSerialization().asJson(stored.getSpec().getIngress())
                .replace("}]", ",\"ports\":[{\"protocol\":\"TCP\",\"port\":80}]}]");

        assertUndone(desired, editedBySomeoneElse(stored, "{\"spec\":{\"ingress\":" + ingress + "}}"));
        assertThat(api.client().resource(desired).get().getSpec()).isEqualTo(stored.getSpec());
    }

    /** What the operator's last apply owned and no longer wants (the zone spread, say) must go; only an apply removes it. */
    @Test
    void turningZoneRedundancyOffOrOnIsAChange() {
        ManagedInstance redundant = sameInstance();
        redundant.getSpec().setZoneRedundant(true);
        StatefulSet spread = engine(redundant);
        StatefulSet plain = EngineStatefulSetBuilder.build(model(owner), CONFIG, null);
        plain.getMetadata().setName(spread.getMetadata().getName());
        plain.getMetadata().setNamespace(NS);
        Owners.setController(plain, owner);

        assertUndone(plain, apply(spread));
        assertThat(api.client().resource(plain).get().getSpec().getTemplate().getSpec().getTopologySpreadConstraints()).isEmpty();
        assertUndone(spread, api.client().resource(plain).get());
        assertThat(api.client().resource(plain).get().getSpec().getTemplate().getSpec().getTopologySpreadConstraints()).isNotEmpty();
    }

    @Test
    void theFirstDifferenceNamesThePathAndBothValues() {
        assertThat(DesiredState.firstDifference(Map.of("spec", Map.of("replicas", 1, "x", List.of(1, 2))),
                Map.of("spec", Map.of("replicas", 1, "x", List.of(1, 3))), "")).isEqualTo(".spec.x[1]: want 2, have 3");
        assertThat(DesiredState.firstDifference(Map.of("a", 1), Map.of("a", 1, "b", "x"), "")).isEqualTo(".b: want nothing, have x");
        assertThat(DesiredState.firstDifference(Map.of("a", 1), Map.of("a", 1), "")).isNull();
    }
}
