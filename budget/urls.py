from django.urls import path

from . import views

app_name = "budget"

urlpatterns = [
    path("<id:pk>/begroting/importeren/", views.import_upload, name="import"),
    path(
        "<id:pk>/begroting/importeren/<id:import_pk>/",
        views.import_confirm,
        name="import_confirm",
    ),
]
