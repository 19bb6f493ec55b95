import os

from django.core.wsgi import get_wsgi_application

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.ceiling.settings"  # never the site's settings
application = get_wsgi_application()
