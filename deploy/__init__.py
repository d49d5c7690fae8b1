"""Running Roundtable as several processes sharing one Redis, behind nginx (`make run-cluster`).
The nginx configuration it renders, deploy/nginx.conf, is the one to ship to real machines."""
