"""The admin's front page shows the dashboard's panels above the list of apps."""

from django.contrib import admin

admin.site.index_template = "dashboard/admin_index.html"
