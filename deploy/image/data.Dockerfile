# The data image (issue 15 item 1): the data files under /data, and a shell for the pods' init
# container, which copies them into an emptyDir (deploy/kubernetes/base/deployment.yaml). Tag it
# with the data version, the one /readyz, /healthz, X-Ijwidgets-Data-Version and the ETags
# carry: `ijwidgets check-data --data DIR` prints it ("version: …").
#
#   podman build -f deploy/image/data.Dockerfile -t registry.example.fr/ijwidgets/ijwidgets-data:VERSION DIR
#
# The context is the data directory itself, with each file's SOURCE.md (its licence).
ARG BASE_IMAGE=busybox:1.37
FROM ${BASE_IMAGE}
COPY . /data/
USER 65532:65532
CMD ["ls", "-l", "/data"]
