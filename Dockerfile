# tfguard container image. Default command: the HCP Terraform / Terraform Enterprise run task
# service (`tfguard runtask`, README "Run task service"). The same image runs the CLI:
#   docker run --rm -v "$PWD:/work" -w /work tfguard check plan.json
#
# Build from a clone (the version comes from its git tag):  docker build -t tfguard .
# Configure with environment variables only (TFGUARD_RUNTASK_*; the HMAC key is required).
FROM python:3.12-slim

# git: approvals are read from a clone of the workspace's repository (and their provenance).
RUN apt-get update \
 && apt-get install -y --no-install-recommends git \
 && rm -rf /var/lib/apt/lists/*

COPY . /src
RUN pip install --no-cache-dir '/src[runtask]' && rm -rf /src

RUN useradd --create-home --uid 10001 tfguard
USER tfguard
WORKDIR /home/tfguard
# Mount a volume here to keep the clone cache across restarts (or share it between replicas).
ENV TFGUARD_RUNTASK_CLONE_CACHE=/home/tfguard/clones

EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=4)"
ENTRYPOINT ["tfguard"]
CMD ["runtask", "--host", "0.0.0.0", "--port", "8080"]
