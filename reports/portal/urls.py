from django.urls import path

from . import api, datapackage, public, views, woo

# Under /rapportages/, in the "reports" namespace (duoplus.urls).
urlpatterns = [
    path("<id:pk>/", views.report_detail, name="detail"),
    path("<id:pk>/pdf/<slug:council>/", views.pdf_download, name="pdf_download"),
    path("<id:pk>/begroting.<str:fmt>", views.budget_export, name="budget_export"),
]

# At the top level.
site_urlpatterns = [
    path("", views.home, name="home"),
    path("raad/", views.council_list, name="council_list"),
    path("mijn-werk/", views.my_work, name="my_work"),
    # Public reports, for anyone (public.py).
    path("openbaar/", public.public_list, name="public_list"),
    path("openbaar/<id:pk>/", public.public_report, name="public_report"),
    path("openbaar/<id:pk>/pdf/<slug:council>/", public.public_pdf, name="public_pdf"),
    # Open data (README "Open data"): the budget as a Frictionless data package ...
    path(
        "openbaar/<id:pk>/datapakket/datapackage.json",
        datapackage.descriptor,
        name="datapackage",
    ),
    path(
        "openbaar/<id:pk>/datapakket/<slug:name>.csv",
        datapackage.resource,
        name="datapackage_resource",
    ),
    # ... the Woo index (a sitemap with DiWoo metadata) ...
    path("openbaar/sitemap.xml", woo.sitemap, name="woo_sitemap"),
    # ... and the read-only JSON API, its OpenAPI description at /api/v1/openapi.json.
    path("api/v1/", api.api.urls),
]
