package io.sqlmi.operator.network;

import io.sqlmi.operator.crds.v1alpha1.Architecture;
import io.sqlmi.operator.crds.v1alpha1.EffectiveRoute;
import io.sqlmi.operator.crds.v1alpha1.Route;
import io.sqlmi.operator.crds.v1alpha1.RuleOrigin;
import io.sqlmi.operator.crds.v1alpha1.VirtualClusterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The route table as enforced: the mandatory routes of the architecture, then the user's routes. */
public final class EffectiveRoutes {

    public record Result(List<EffectiveRoute> routes, List<String> conflicts) {
    }

    private EffectiveRoutes() {
    }

    public static Result of(VirtualClusterSpec spec) {
        Architecture architecture = Optional.ofNullable(spec.getArchitecture()).orElse(Architecture.Current);
        String subnet = spec.getSubnet().getAddressPrefix();
        List<EffectiveRoute> routes = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();
        for (RouteTables.MandatoryRoute mandatory : RouteTables.MANDATORY.get(architecture)) {
            String prefix = NsgRule.SUBNET.equals(mandatory.addressPrefix()) ? subnet : mandatory.addressPrefix();
            String name = SecurityRuleTables.MANDATORY_NAME_PREFIX + (NsgRule.SUBNET.equals(mandatory.addressPrefix())
                    ? "subnet-" + subnet.replace('.', '-').replace('/', '-') + "-to-vnetlocal" : mandatory.name());
            routes.add(route(name, RuleOrigin.Mandatory, prefix, mandatory.nextHopType(), null));
        }
        List<Route> user = spec.getRouteTable() == null || spec.getRouteTable().getRoutes() == null ? List.of()
                : spec.getRouteTable().getRoutes();
        for (Route r : user) {
            routes.stream().filter(m -> m.getOrigin() == RuleOrigin.Mandatory && m.getAddressPrefix().equals(r.getAddressPrefix())
                    && m.getNextHopType() != r.getNextHopType()).findFirst().ifPresent(m -> conflicts.add(
                    "route " + r.getName() + " sends " + r.getAddressPrefix() + " to " + r.getNextHopType()
                            + ", but the mandatory route " + m.getName() + " requires " + m.getNextHopType()
                            + "; the network intent policy keeps the mandatory route, so remove or change " + r.getName()));
            routes.add(route(r.getName(), RuleOrigin.User, r.getAddressPrefix(), r.getNextHopType(), r.getNextHopIpAddress()));
        }
        return new Result(routes, conflicts);
    }

    private static EffectiveRoute route(String name, RuleOrigin origin, String prefix, Route.NextHopType hop, String ip) {
        EffectiveRoute route = new EffectiveRoute();
        route.setName(name);
        route.setOrigin(origin);
        route.setAddressPrefix(prefix);
        route.setNextHopType(hop);
        route.setNextHopIpAddress(ip);
        return route;
    }
}
