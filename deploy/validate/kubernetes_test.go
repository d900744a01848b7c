package validate

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/yaml"
)

// kinds are the API types the overlays may hold, by apiVersion and kind: any other object is
// an error, and each is decoded strictly (an unknown or misspelt field, a wrong type fail), the
// offline equivalent of kubeconform (whose schemas are downloaded from GitHub at run time).
var kinds = map[string]func() any{
	"apps/v1/Deployment":                     func() any { return &appsv1.Deployment{} },
	"v1/Service":                             func() any { return &corev1.Service{} },
	"v1/ConfigMap":                           func() any { return &corev1.ConfigMap{} },
	"v1/Secret":                              func() any { return &corev1.Secret{} },
	"networking.k8s.io/v1/Ingress":           func() any { return &networkingv1.Ingress{} },
	"policy/v1/PodDisruptionBudget":          func() any { return &policyv1.PodDisruptionBudget{} },
	"autoscaling/v2/HorizontalPodAutoscaler": func() any { return &autoscalingv2.HorizontalPodAutoscaler{} },
}

// build runs kustomize on dir (relative to the repository's deploy/kubernetes) and decodes every
// object strictly, by kind.
func build(t *testing.T, dir string) map[string]any {
	t.Helper()
	k := krusty.MakeKustomizer(krusty.MakeDefaultOptions())
	res, err := k.Run(filesys.MakeFsOnDisk(), "../kubernetes/"+dir)
	if err != nil {
		t.Fatalf("kustomize build %s: %v", dir, err)
	}
	out := map[string]any{}
	for _, r := range res.Resources() {
		b, err := r.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		key := r.GetApiVersion() + "/" + r.GetKind()
		mk, ok := kinds[key]
		if !ok {
			t.Errorf("%s: %s %s is not a kind the overlays use", dir, key, r.GetName())
			continue
		}
		obj := mk()
		if err := strict(b, obj); err != nil {
			t.Errorf("%s: %s %s: %v", dir, key, r.GetName(), err)
			continue
		}
		if _, dup := out[r.GetKind()]; dup {
			t.Errorf("%s: two %s", dir, r.GetKind())
		}
		out[r.GetKind()] = obj
	}
	return out
}

// strict decodes JSON into v refusing unknown fields.
func strict(b []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	return d.Decode(v)
}

// TestOverlays (issue 15 item 1): both overlays build, every object is a valid Kubernetes
// object of a known kind, and the Deployment has what a rolling update without a failed request
// needs: ≥ 3 replicas, no unavailable pod, readiness on /readyz and liveness on /healthz, a drain
// delay longer than the readiness probe takes to see it, resources, non-root, read-only root.
func TestOverlays(t *testing.T) {
	for _, overlay := range []struct {
		dir, namespace, host, publicURL string
		maxReplicas                     int32
	}{
		{"overlays/staging", "ijwidgets-staging", "widgets.staging.example.fr", "https://widgets.staging.example.fr", 4},
		{"overlays/production", "ijwidgets", "widgets.example.fr", "https://widgets.example.fr", 12},
	} {
		t.Run(overlay.dir, func(t *testing.T) {
			objs := build(t, overlay.dir)
			for _, kind := range []string{"Deployment", "Service", "ConfigMap", "Ingress", "PodDisruptionBudget", "HorizontalPodAutoscaler"} {
				if objs[kind] == nil {
					t.Fatalf("no %s", kind)
				}
			}
			d := objs["Deployment"].(*appsv1.Deployment)
			cm := objs["ConfigMap"].(*corev1.ConfigMap)
			checkDeployment(t, d, cm, overlay.publicURL)
			if d.Namespace != overlay.namespace {
				t.Errorf("namespace %q, want %q", d.Namespace, overlay.namespace)
			}
			svc := objs["Service"].(*corev1.Service)
			if !subset(svc.Spec.Selector, d.Spec.Template.Labels) {
				t.Errorf("Service selector %v does not select the pods %v", svc.Spec.Selector, d.Spec.Template.Labels)
			}
			pdb := objs["PodDisruptionBudget"].(*policyv1.PodDisruptionBudget)
			if !subset(pdb.Spec.Selector.MatchLabels, d.Spec.Template.Labels) || pdb.Spec.MaxUnavailable == nil || pdb.Spec.MaxUnavailable.IntValue() != 1 {
				t.Errorf("PDB %v / %v: want maxUnavailable 1 selecting the pods", pdb.Spec.Selector.MatchLabels, pdb.Spec.MaxUnavailable)
			}
			hpa := objs["HorizontalPodAutoscaler"].(*autoscalingv2.HorizontalPodAutoscaler)
			if hpa.Spec.ScaleTargetRef.Name != d.Name || *hpa.Spec.MinReplicas < 3 || hpa.Spec.MaxReplicas != overlay.maxReplicas ||
				len(hpa.Spec.Metrics) != 1 || hpa.Spec.Metrics[0].Resource == nil || hpa.Spec.Metrics[0].Resource.Name != corev1.ResourceCPU {
				t.Errorf("HPA %+v: want on CPU, targeting %s, 3 to %d", hpa.Spec, d.Name, overlay.maxReplicas)
			}
			ing := objs["Ingress"].(*networkingv1.Ingress)
			if len(ing.Spec.Rules) != 1 || ing.Spec.Rules[0].Host != overlay.host || ing.Spec.TLS[0].Hosts[0] != overlay.host ||
				ing.Spec.Rules[0].HTTP.Paths[0].Backend.Service.Name != svc.Name {
				t.Errorf("Ingress rules %+v: want host %s to Service %s", ing.Spec.Rules, overlay.host, svc.Name)
			}
		})
	}
}

func checkDeployment(t *testing.T, d *appsv1.Deployment, cm *corev1.ConfigMap, publicURL string) {
	t.Helper()
	s := d.Spec
	if s.Replicas == nil || *s.Replicas < 3 {
		t.Errorf("replicas %v, want ≥ 3", s.Replicas)
	}
	ru := s.Strategy.RollingUpdate
	if s.Strategy.Type != appsv1.RollingUpdateDeploymentStrategyType || ru == nil || ru.MaxUnavailable == nil || ru.MaxUnavailable.IntValue() != 0 {
		t.Errorf("strategy %+v: want a rolling update with maxUnavailable 0", s.Strategy)
	}
	if !subset(s.Selector.MatchLabels, s.Template.Labels) {
		t.Errorf("selector %v does not select the template's labels %v", s.Selector.MatchLabels, s.Template.Labels)
	}
	pod := s.Template.Spec
	if pod.SecurityContext == nil || pod.SecurityContext.RunAsNonRoot == nil || !*pod.SecurityContext.RunAsNonRoot {
		t.Error("pod securityContext: want runAsNonRoot")
	}
	volumes := map[string]corev1.Volume{}
	for _, v := range pod.Volumes {
		volumes[v.Name] = v
	}
	if v := volumes["config-base"]; v.ConfigMap == nil || v.ConfigMap.Name != cm.Name {
		t.Errorf("volume config-base %+v: want the ConfigMap %s (with its hash suffix)", v, cm.Name)
	}
	if v := volumes["secret"]; v.Secret == nil || v.Secret.SecretName != "ijwidgets-secrets" {
		t.Errorf("volume secret %+v: want the Secret ijwidgets-secrets", v)
	}
	for _, c := range append(append([]corev1.Container{}, pod.InitContainers...), pod.Containers...) {
		sc := c.SecurityContext
		if sc == nil || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem || sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
			t.Errorf("container %s: want readOnlyRootFilesystem and no privilege escalation", c.Name)
		}
		if c.Resources.Requests.Memory().IsZero() || c.Resources.Limits.Memory().IsZero() || c.Resources.Requests.Cpu().IsZero() {
			t.Errorf("container %s: want CPU and memory requests and a memory limit", c.Name)
		}
		if !strings.HasPrefix(c.Image, "registry.example.fr/ijwidgets/") || !strings.Contains(c.Image, ":") {
			t.Errorf("container %s: image %q is not a pinned image of the registry", c.Name, c.Image)
		}
		for _, m := range c.VolumeMounts {
			if _, ok := volumes[m.Name]; !ok {
				t.Errorf("container %s mounts %s, which is not a volume", c.Name, m.Name)
			}
		}
	}
	if len(pod.Containers) != 1 || len(pod.InitContainers) != 1 {
		t.Fatalf("%d containers and %d init containers, want 1 and 1", len(pod.Containers), len(pod.InitContainers))
	}
	c := pod.Containers[0]
	rp, lp := c.ReadinessProbe, c.LivenessProbe
	if rp == nil || rp.HTTPGet == nil || rp.HTTPGet.Path != "/readyz" || lp == nil || lp.HTTPGet == nil || lp.HTTPGet.Path != "/healthz" {
		t.Fatalf("probes %+v %+v: want readiness /readyz, liveness /healthz", rp, lp)
	}
	env := map[string]corev1.EnvVar{}
	for _, e := range c.Env {
		env[e.Name] = e
	}
	if e := env["IJWIDGETS_ADMIN_TOKEN"]; e.ValueFrom == nil || e.ValueFrom.SecretKeyRef == nil || e.ValueFrom.SecretKeyRef.Name != "ijwidgets-secrets" {
		t.Errorf("IJWIDGETS_ADMIN_TOKEN %+v: want it from the Secret", e)
	}
	if got := env["IJWIDGETS_PUBLIC_URL"].Value; got != publicURL {
		t.Errorf("IJWIDGETS_PUBLIC_URL %q, want %q", got, publicURL)
	}

	// The drain: /readyz says 503 for http.drain_delay after SIGTERM; the probe must have seen it
	// (periodSeconds × failureThreshold) before the listener closes, and the grace period must
	// cover the drain and the shutdown.
	var cfg struct {
		HTTP struct {
			DrainDelay      string `json:"drain_delay"`
			ShutdownTimeout string `json:"shutdown_timeout"`
			RealIPHeader    string `json:"real_ip_header"`
		} `json:"http"`
		Data string `json:"data"`
		Addr string `json:"addr"`
	}
	if err := yaml.Unmarshal([]byte(cm.Data["config.yaml"]), &cfg); err != nil {
		t.Fatalf("config.yaml: %v", err)
	}
	drain, err1 := time.ParseDuration(cfg.HTTP.DrainDelay)
	shutdown, err2 := time.ParseDuration(cfg.HTTP.ShutdownTimeout)
	if err1 != nil || err2 != nil {
		t.Fatalf("config.yaml http.drain_delay %q, http.shutdown_timeout %q", cfg.HTTP.DrainDelay, cfg.HTTP.ShutdownTimeout)
	}
	seen := time.Duration(rp.PeriodSeconds*rp.FailureThreshold) * time.Second
	if drain <= seen {
		t.Errorf("drain_delay %v ≤ readiness periodSeconds × failureThreshold = %v: the listener closes while traffic still comes", drain, seen)
	}
	if grace := time.Duration(*pod.TerminationGracePeriodSeconds) * time.Second; grace < drain+shutdown {
		t.Errorf("terminationGracePeriodSeconds %v < drain_delay + shutdown_timeout = %v", grace, drain+shutdown)
	}
	if cfg.HTTP.RealIPHeader != "X-Real-IP" || cfg.Data != "/data" || cfg.Addr != ":8080" {
		t.Errorf("config.yaml: real_ip_header %q, data %q, addr %q; want X-Real-IP (set by ingress-nginx), /data, :8080", cfg.HTTP.RealIPHeader, cfg.Data, cfg.Addr)
	}
	if p := c.Ports; len(p) == 0 || p[0].ContainerPort != 8080 || rp.HTTPGet.Port.String() != "http" || p[0].Name != "http" {
		t.Errorf("ports %+v, probe port %v: want http 8080", p, rp.HTTPGet.Port)
	}
}

// TestSecretExample: the documented Secret is a valid Secret with the keys the pods read.
func TestSecretExample(t *testing.T) {
	b, err := os.ReadFile("../kubernetes/base/secret.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	j, err := yaml.YAMLToJSON(b)
	if err != nil {
		t.Fatal(err)
	}
	var s corev1.Secret
	if err := strict(j, &s); err != nil {
		t.Fatal(err)
	}
	if s.Name != "ijwidgets-secrets" || s.StringData["admin-token"] == "" || !strings.HasPrefix(s.StringData["partners.yaml"], "partners:") {
		t.Errorf("secret %s with keys %v: want ijwidgets-secrets with admin-token and partners.yaml", s.Name, keys(s.StringData))
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// subset reports whether every label of sel is in labels.
func subset(sel, labels map[string]string) bool {
	if len(sel) == 0 {
		return false
	}
	for k, v := range sel {
		if labels[k] != v {
			return false
		}
	}
	return true
}
