// Package gitops tests what GitOps tools read from the sqlmi.io kinds: the Argo CD health check in argocd/health.lua,
// run by the Lua interpreter Argo CD embeds (gopher-lua, Lua 5.1) set up the way Argo CD sets it up, and Flux's
// kstatus (sigs.k8s.io/cli-utils), on status objects written by the real operator (testdata/, and the fresh ones of
// the e2e suite's GitOpsStatusIT in $SQLMI_GITOPS_STATUS_DIR when set).
package gitops

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"
	"sigs.k8s.io/yaml"
)

// fixture is one status object with the health each tool must give it.
type fixture struct {
	Case   string `json:"case"`
	Source string `json:"source"`
	Expect struct {
		ArgoCD  string `json:"argocd"`
		Kstatus string `json:"kstatus"`
	} `json:"expect"`
	Object json.RawMessage `json:"object"`
	file   string
}

func (f fixture) unstructured(t *testing.T) *unstructured.Unstructured {
	t.Helper()
	u := &unstructured.Unstructured{}
	// As in a controller's cache: integers decode as int64, not float64.
	if err := u.UnmarshalJSON(f.Object); err != nil {
		t.Fatalf("%s: %v", f.file, err)
	}
	return u
}

func fixtures(t *testing.T) []fixture {
	t.Helper()
	dirs := []string{"testdata"}
	if fresh := os.Getenv("SQLMI_GITOPS_STATUS_DIR"); fresh != "" {
		if _, err := os.Stat(fresh); err == nil {
			dirs = append(dirs, fresh)
		}
	}
	var all []fixture
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.json"))
		if err != nil {
			t.Fatal(err)
		}
		sort.Strings(files)
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var f fixture
			if err := json.Unmarshal(data, &f); err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			f.file = file
			all = append(all, f)
		}
	}
	if len(all) == 0 {
		t.Fatal("no status objects in testdata/")
	}
	return all
}

func script(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("argocd", "health.lua"))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// argoHealth runs a health script as Argo CD does: a fresh state without the standard libraries, then only the
// package, base and table libraries; the object as the global obj; the script's return value as {status, message}.
// String and math functions are not there, so a script that passes here runs in every Argo CD.
func argoHealth(t *testing.T, source string, obj map[string]any) (string, string) {
	t.Helper()
	l := lua.NewState(lua.Options{SkipOpenLibs: true})
	defer l.Close()
	for name, open := range map[string]lua.LGFunction{lua.LoadLibName: lua.OpenPackage, lua.BaseLibName: lua.OpenBase,
		lua.TabLibName: lua.OpenTable} {
		if err := l.CallByParam(lua.P{Fn: l.NewFunction(open), NRet: 0, Protect: true}, lua.LString(name)); err != nil {
			t.Fatal(err)
		}
	}
	l.SetGlobal("obj", toLua(l, obj))
	if err := l.DoString(source); err != nil {
		t.Fatalf("the health script failed: %v", err)
	}
	result, ok := l.Get(-1).(*lua.LTable)
	if !ok {
		t.Fatalf("the health script returned %s, not a table", l.Get(-1).Type())
	}
	return lua.LVAsString(result.RawGetString("status")), lua.LVAsString(result.RawGetString("message"))
}

// toLua converts a decoded Kubernetes object into Lua values: maps and lists become tables, numbers LNumber.
func toLua(l *lua.LState, value any) lua.LValue {
	switch v := value.(type) {
	case nil:
		return lua.LNil
	case bool:
		return lua.LBool(v)
	case string:
		return lua.LString(v)
	case int64:
		return lua.LNumber(v)
	case int:
		return lua.LNumber(v)
	case float64:
		return lua.LNumber(v)
	case []any:
		table := l.CreateTable(len(v), 0)
		for _, item := range v {
			table.Append(toLua(l, item))
		}
		return table
	case map[string]any:
		table := l.CreateTable(0, len(v))
		for key, item := range v {
			table.RawSetString(key, toLua(l, item))
		}
		return table
	}
	return lua.LNil
}

func TestArgoCDHealthOfTheOperatorsStatusObjects(t *testing.T) {
	source := script(t)
	for _, f := range fixtures(t) {
		t.Run(f.file, func(t *testing.T) {
			health, message := argoHealth(t, source, f.unstructured(t).Object)
			if health != f.Expect.ArgoCD {
				t.Errorf("%s (%s): Argo CD health %q (%s), want %q", f.Case, f.Source, health, message, f.Expect.ArgoCD)
			}
			if message == "" {
				t.Errorf("%s: no message", f.Case)
			}
		})
	}
}

func TestKstatusOfTheOperatorsStatusObjects(t *testing.T) {
	for _, f := range fixtures(t) {
		t.Run(f.file, func(t *testing.T) {
			result, err := status.Compute(f.unstructured(t))
			if err != nil {
				t.Fatal(err)
			}
			if string(result.Status) != f.Expect.Kstatus {
				t.Errorf("%s: kstatus %s (%s), want %s", f.Case, result.Status, result.Message, f.Expect.Kstatus)
			}
		})
	}
}

// The states a GitOps tool must tell apart, each with a real status object of the kind.
func TestTheStatusObjectsCoverTheMapping(t *testing.T) {
	want := map[string]string{
		"VirtualCluster/Ready": "Healthy", "VirtualCluster/Creating": "Progressing", "VirtualCluster/Resizing": "Progressing",
		"VirtualCluster/Failed": "Degraded",
		"ManagedInstance/Ready": "Healthy", "ManagedInstance/Creating": "Progressing", "ManagedInstance/Updating": "Progressing",
		"ManagedInstance/Stopping": "Progressing", "ManagedInstance/Stopped": "Suspended", "ManagedInstance/Starting": "Progressing",
		"ManagedInstance/Failed": "Degraded",
		"Endpoint/Ready": "Healthy", "Endpoint/Approved": "Healthy", "Endpoint/Rejected": "Degraded",
		"Endpoint/Disconnected": "Degraded",
	}
	seen := map[string]string{}
	stale := false
	for _, f := range fixtures(t) {
		u := f.unstructured(t)
		state, _, _ := unstructured.NestedString(u.Object, "status", "state")
		observed, _, _ := unstructured.NestedInt64(u.Object, "status", "observedGeneration")
		if observed != u.GetGeneration() {
			stale = true
			if f.Expect.ArgoCD != "Progressing" || f.Expect.Kstatus != "InProgress" {
				t.Errorf("%s: a status of an older generation must be Progressing and InProgress", f.file)
			}
			continue
		}
		seen[u.GetKind()+"/"+state] = f.Expect.ArgoCD
		if state == "Ready" && f.Expect.Kstatus != "Current" {
			t.Errorf("%s: a Ready object must be Current for kstatus", f.file)
		}
	}
	for key, health := range want {
		if got, ok := seen[key]; !ok {
			t.Errorf("no status object for %s", key)
		} else if got != health {
			t.Errorf("%s is expected %s, the mapping says %s", key, got, health)
		}
	}
	if !stale {
		t.Error("no status object of an older generation")
	}
}

// argocd/argocd-cm.yaml carries the script, unchanged, for each of the three kinds.
func TestTheArgoCDConfigMapCarriesTheScriptForEachKind(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("argocd", "argocd-cm.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var patch struct {
		Data map[string]string `json:"data"`
	}
	if err := yaml.Unmarshal(data, &patch); err != nil {
		t.Fatal(err)
	}
	source := script(t)
	for _, kind := range []string{"VirtualCluster", "ManagedInstance", "Endpoint"} {
		key := "resource.customizations.health.sqlmi.io_" + kind
		if got := patch.Data[key]; strings.TrimSpace(got) != strings.TrimSpace(source) {
			t.Errorf("%s in argocd/argocd-cm.yaml is not argocd/health.lua; copy the script there, indented", key)
		}
	}
}
