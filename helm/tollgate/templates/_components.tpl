{{/*
What the image offers per service: entry point, ports, the port that serves /health and /metrics, and the
listen/dial variables (see docs/CONTRACTS.md). Fixed by the code, so not in values.yaml.
*/}}
{{- define "tollgate.components" -}}
{{- $fn := include "tollgate.fullname" . -}}
{{- $ns := .Release.Namespace -}}
{{- if eq .Values.mode "all-in-one" }}
all-in-one:
  key: allInOne
  entry: services/all-in-one/src/main.ts
  ports: [{name: http, port: 8080}]
  probePort: http
  env: {HOST: 0.0.0.0, PORT: "8080"}
{{- else }}
ingress:
  key: ingress
  entry: services/ingress/src/main.ts
  ports:
    - {name: http, port: 8080}
    {{- if .Values.services.ingress.grpc.enabled }}
    - {name: grpc, port: {{ .Values.services.ingress.grpc.port }}}
    {{- end }}
  probePort: http
  env:
    HOST: 0.0.0.0
    PORT: "8080"
    CACHE_ADDR: {{ printf "%s-cache.%s.svc:50051" $fn $ns }}
    ROUTER_ADDR: {{ printf "%s-router.%s.svc:50052" $fn $ns }}
    API_ADDR: {{ printf "%s-api.%s.svc:8081" $fn $ns }}
cache:
  key: cache
  entry: services/cache/src/main.ts
  ports: [{name: grpc, port: 50051}, {name: health, port: 9090}]
  probePort: health
  env: {CACHE_ADDR: "0.0.0.0:50051", HEALTH_ADDR: "0.0.0.0:9090"}
router:
  key: router
  entry: services/router/src/main.ts
  ports: [{name: grpc, port: 50052}, {name: health, port: 9090}]
  probePort: health
  env: {ROUTER_ADDR: "0.0.0.0:50052", HEALTH_ADDR: "0.0.0.0:9090"}
ingest:
  key: ingest
  entry: services/ingest/src/main.ts
  ports: [{name: health, port: 9090}]
  probePort: health
  env: {HEALTH_ADDR: "0.0.0.0:9090"}
alerts:
  key: alerts
  entry: services/alerts/src/main.ts
  ports: [{name: health, port: 9090}]
  probePort: health
  env: {HEALTH_ADDR: "0.0.0.0:9090"}
api:
  key: api
  entry: services/api/src/main.ts
  ports: [{name: http, port: 8081}]
  probePort: http
  env: {API_ADDR: "0.0.0.0:8081"}
{{- end }}
{{- end -}}

{{/* Env shared by every Tollgate container (services and hook Jobs). Call with (list $ "ingress"). */}}
{{- define "tollgate.commonEnv" -}}
{{- $root := index . 0 -}}
- name: OTEL_SERVICE_NAME
  value: {{ printf "tollgate-%s" (index . 1) | quote }}
{{- include "tollgate.keyEnv" $root }}
{{- include "tollgate.backendEnv" $root }}
{{- end -}}

{{/* Volumes shared by every Tollgate pod. Call with (list $ "ingress"). */}}
{{- define "tollgate.volumes" -}}
{{- $root := index . 0 -}}
- name: tmp
  emptyDir: {sizeLimit: 256Mi}
- name: data
{{- if and (eq (index . 1) "all-in-one") $root.Values.persistence.enabled }}
  persistentVolumeClaim:
    claimName: {{ $root.Values.persistence.existingClaim | default (printf "%s-data" (include "tollgate.fullname" $root)) }}
{{- else }}
  emptyDir: {sizeLimit: 1Gi}
{{- end }}
{{- if $root.Values.config.file }}
- name: config-file
  configMap:
    name: {{ include "tollgate.fullname" $root }}-file
{{- end }}
{{- end -}}

{{- define "tollgate.volumeMounts" -}}
- {name: tmp, mountPath: /tmp}
- {name: data, mountPath: /data}
{{- if .Values.config.file }}
- {name: config-file, mountPath: /etc/tollgate, readOnly: true}
{{- end }}
{{- end -}}
