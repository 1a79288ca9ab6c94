from django.urls import path

from whitecoat.content import views

app_name = "content"

urlpatterns = [
    path("content/", views.hub, name="hub"),
    path("content/queue/", views.queue, name="queue"),
    path("content/queue/bulk/", views.queue_bulk, name="queue-bulk"),
    path("content/items/<int:item_id>/", views.item_detail, name="item-detail"),
    path("content/items/<int:item_id>/move/", views.item_move, name="item-move"),
    path("content/items/<int:item_id>/use/", views.item_use, name="item-use"),
    path("content/topics/", views.topics, name="topics"),
    path("content/mine/", views.mine, name="mine"),
    path("content/consent/", views.consent, name="consent"),
    path("content/requests/", views.request_index, name="request-list"),
    path("content/requests/<int:request_id>/", views.request_detail, name="request-detail"),
    path("content/kits/", views.kit_index, name="kit-list"),
    path("content/kits/new/", views.kit_create, name="kit-create"),
    path("content/kits/<int:kit_id>/", views.kit_detail, name="kit-detail"),
    path("content/kits/<int:kit_id>/edit/", views.kit_edit, name="kit-edit"),
    path("content/kits/<int:kit_id>/move/", views.kit_move, name="kit-move"),
    path("content/kits/<int:kit_id>/share/", views.kit_share, name="kit-share"),
    path("content/kits/<int:kit_id>/image/", views.kit_image, name="kit-image"),
    # A kit's tracked link: short, on this server, no trailing slash.
    path("k/<slug:token>", views.kit_redirect, name="kit-redirect"),
]
