from django.urls import path

from . import views

# Under /rapportages/, in the "reports" namespace (duoplus.urls).
urlpatterns = [
    path("<id:pk>/indienen/", views.submit, name="submit"),
    path("<id:pk>/goedkeuren/", views.approve, name="approve"),
    path("<id:pk>/terugsturen/", views.send_back, name="send_back"),
    path("<id:pk>/publiceren/", views.publish, name="publish"),
    path("<id:pk>/corrigeren/", views.correct, name="correct"),
    path("<id:pk>/pdf/<slug:council>/opnieuw/", views.rerender_pdf, name="pdf_rerender"),
]
