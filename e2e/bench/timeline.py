"""Prints when each step of bringing up a benchmark's instances happened; see timeline.sh."""
import collections
import glob
import json
import sys
from datetime import datetime


def seconds(stamp):
    return datetime.fromisoformat(stamp.replace('Z', '+00:00')).timestamp()


def spread(values):
    values = sorted(values)
    if not values:
        return 'none'
    at = lambda q: values[min(len(values) - 1, int(q * len(values)))]
    return 'n=%3d  min %5.1f  p10 %5.1f  p50 %5.1f  p90 %5.1f  max %5.1f' % (
        len(values), values[0], at(.1), at(.5), at(.9), values[-1])


def main(namespace, objects_file, log_dir):
    items = json.load(open(objects_file))['items']
    instances = [i for i in items if i['kind'] == 'ManagedInstance']
    pods = [i for i in items if i['kind'] == 'Pod']
    t0 = min(seconds(m['metadata']['creationTimestamp']) for m in instances)
    steps = collections.OrderedDict()
    steps['instance created'] = [seconds(m['metadata']['creationTimestamp']) - t0 for m in instances]
    for condition in ['ReplicasReady', 'GatewayReady', 'Ready']:
        steps['instance ' + condition] = [seconds(c['lastTransitionTime']) - t0 for m in instances
                                          for c in (m.get('status') or {}).get('conditions', []) if c['type'] == condition]
    component = lambda p: p['metadata'].get('labels', {}).get('app.kubernetes.io/component', '?')
    for kind in sorted({component(p) for p in pods}):
        of_kind = [p for p in pods if component(p) == kind]
        steps[kind + ' pod created'] = [seconds(p['metadata']['creationTimestamp']) - t0 for p in of_kind]
        for condition in ['PodScheduled', 'Ready']:
            steps[kind + ' pod ' + condition] = [seconds(c['lastTransitionTime']) - t0 for p in of_kind
                                                 for c in (p.get('status') or {}).get('conditions', [])
                                                 if c['type'] == condition and c['status'] == 'True']
    first_status, last_status, engine = {}, {}, {}
    writes = collections.Counter()
    for log in sorted(glob.glob(log_dir + '/audit*.log')):
        for line in open(log):
            if '"ResponseComplete"' not in line or namespace not in line:
                continue
            event = json.loads(line)
            ref = event.get('objectRef', {})
            if ref.get('namespace') != namespace or event['user']['username'] != 'sqlmi-operator':
                continue
            at = seconds(event['requestReceivedTimestamp']) - t0
            writes[int(at)] += 1
            if ref.get('resource') == 'managedinstances' and ref.get('subresource') == 'status':
                first_status[ref['name']] = min(at, first_status.get(ref['name'], at))
                last_status[ref['name']] = max(at, last_status.get(ref['name'], at))
            if ref.get('resource') == 'statefulsets':
                engine[ref['name']] = min(at, engine.get(ref['name'], at))
    steps['operator: first status'] = list(first_status.values())
    steps['operator: StatefulSet'] = list(engine.values())
    steps['operator: last status'] = list(last_status.values())
    print('Seconds after the first of %d instances was created (%s):' % (len(instances), namespace))
    for step, values in steps.items():
        print('  %-26s %s' % (step, spread(values)))
    last = max(steps['instance Ready'] or [0])
    print('  operator writes per second: ' + ' '.join(str(writes[s]) for s in range(0, int(last) + 2)))


if __name__ == '__main__':
    main(*sys.argv[1:4])
