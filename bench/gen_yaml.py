#!/usr/bin/env python3
"""Writes N small Kubernetes manifests (default 5,000) into OUT, 100 to a
folder: variants of a Deployment, a Service, a NetworkPolicy and a
ServiceAccount, each 15-40 lines, some with findings. Deterministic.

    python3 bench/gen_yaml.py OUT [N]
"""
import os
import sys


def deployment(i):
    image = "latest" if i % 3 == 0 else f"1.{i % 50}.0"
    privileged = "true" if i % 10 == 0 else "false"
    return f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: svc-{i}
  namespace: team-{i % 7}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: svc-{i}
  template:
    metadata:
      labels:
        app: svc-{i}
    spec:
      serviceAccountName: sa-{i}
      containers:
        - name: app
          image: registry.example.invalid/svc-{i}:{image}
          ports:
            - containerPort: {8000 + i % 1000}
          env:
            - name: LOG_LEVEL
              value: info
          securityContext:
            privileged: {privileged}
            runAsNonRoot: true
            allowPrivilegeEscalation: false
          resources:
            limits:
              memory: 256Mi
              cpu: 500m
"""


def service(i):
    return f"""apiVersion: v1
kind: Service
metadata:
  name: svc-{i}
  namespace: team-{i % 7}
spec:
  type: {'NodePort' if i % 4 == 1 else 'ClusterIP'}
  selector:
    app: svc-{i}
  ports:
    - port: 80
      targetPort: {8000 + i % 1000}
"""


def network_policy(i):
    return f"""apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-{i}
  namespace: team-{i % 7}
spec:
  podSelector: {{}}
  policyTypes:
    - Ingress
    - Egress
"""


def service_account(i):
    return f"""apiVersion: v1
kind: ServiceAccount
metadata:
  name: sa-{i}
  namespace: team-{i % 7}
automountServiceAccountToken: {'true' if i % 5 == 0 else 'false'}
"""


KINDS = [deployment, service, network_policy, service_account]


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    for i in range(n):
        d = os.path.join(out, f"team{i // 100:02d}")
        os.makedirs(d, exist_ok=True)
        make = KINDS[i % len(KINDS)]
        with open(os.path.join(d, f"{make.__name__}-{i:04d}.yaml"), "w") as f:
            f.write(make(i))


main()
